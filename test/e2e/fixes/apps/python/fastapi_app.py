"""FastAPI: auth and legacy-CORS middleware (plain ASGI), the /api/ route, and the unfixed base app."""
from fastapi import FastAPI, Request
from starlette.responses import Response

from base_common import legacy_actual_headers, legacy_preflight, ok_body, unauthorized


def _headers(scope):
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


class AuthMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and unauthorized(scope["path"], _headers(scope).get("authorization")):
            await Response("unauthorized", 401, {"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        await self.app(scope, receive, send)


class LegacyPreflightMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            h = _headers(scope)
            pre = legacy_preflight(scope["method"], scope["path"], h.get("access-control-request-method"), h.get("origin"))
            if pre is not None:
                resp = Response(status_code=pre[0])
                for n, v in pre[1]:
                    resp.headers.append(n, v)
                await resp(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_auth(app):
    app.add_middleware(AuthMiddleware)


def install_routes(app, legacy=False):
    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def api(request: Request):
        resp = Response(ok_body(request.url.path), media_type="application/json")
        if legacy:
            for n, v in legacy_actual_headers(request.url.path, request.headers.get("origin")):
                resp.headers.append(n, v)
        return resp


def create_base():
    app = FastAPI()
    # The last middleware added runs first: auth before the legacy CORS answers.
    app.add_middleware(LegacyPreflightMiddleware)
    app.add_middleware(AuthMiddleware)
    install_routes(app, legacy=True)
    return app
