"""Django: auth middleware, the legacy-CORS middleware and the /api/ view (settings.LEGACY_CORS)."""
from django.conf import settings
from django.http import HttpResponse
from django.urls import re_path

from base_common import legacy_actual_headers, legacy_preflight, ok_body, unauthorized


class AuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unauthorized(request.path, request.headers.get("Authorization")):
            resp = HttpResponse("unauthorized", status=401)
            resp["WWW-Authenticate"] = "Bearer"
            return resp
        return self.get_response(request)


class LegacyPreflightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pre = legacy_preflight(request.method, request.path, request.headers.get("Access-Control-Request-Method"), request.headers.get("Origin"))
        if pre is None:
            return self.get_response(request)
        resp = HttpResponse(status=pre[0])
        for n, v in pre[1]:
            resp[n] = v
        return resp


def api(request):
    resp = HttpResponse(ok_body(request.path), content_type="application/json")
    if getattr(settings, "LEGACY_CORS", False):
        for n, v in legacy_actual_headers(request.path, request.headers.get("Origin")):
            resp[n] = v
    return resp


urlpatterns = [re_path(r"^api/", api)]
