"""Flask: the auth hook and route the fixed app adds after the snippet, and the unfixed base app."""
from flask import Flask, Response, request

from base_common import legacy_actual_headers, legacy_preflight, ok_body, unauthorized


def _auth():
    if unauthorized(request.path, request.headers.get("Authorization")):
        return Response("unauthorized", status=401, headers={"WWW-Authenticate": "Bearer"})
    return None


def _legacy():
    pre = legacy_preflight(request.method, request.path, request.headers.get("Access-Control-Request-Method"), request.headers.get("Origin"))
    if pre is None:
        return None
    resp = Response(status=pre[0])
    for n, v in pre[1]:
        resp.headers.add(n, v)
    return resp


def _routes(app, legacy):
    @app.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def api(rest):
        resp = Response(ok_body(request.path), content_type="application/json")
        if legacy:
            for n, v in legacy_actual_headers(request.path, request.headers.get("Origin")):
                resp.headers.add(n, v)
        return resp


def install_app(app):
    app.before_request(_auth)
    _routes(app, False)


def create_base():
    app = Flask(__name__)
    app.before_request(_auth)
    app.before_request(_legacy)
    _routes(app, True)
    return app
