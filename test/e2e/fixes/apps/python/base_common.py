"""The base app's rules, shared by the Python frameworks (read from BASE_SPEC_FILE).

Auth: paths under privatePrefix need `Authorization: <token>`; everything else is public.
Legacy CORS: the broken answers the app had before the fix (`{origin}` = the request's Origin).
"""
import json
import os

with open(os.environ["BASE_SPEC_FILE"], encoding="utf-8") as f:
    SPEC = json.load(f)
STACK = os.environ.get("STACK_ID", "python")
PORT = int(os.environ["PORT"])


def unauthorized(path, authorization):
    return path.startswith(SPEC["privatePrefix"]) and authorization != SPEC["token"]


def _expand(headers, origin):
    return [(n, v.replace("{origin}", origin or "null")) for n, v in headers]


def legacy_preflight(method, path, acrm, origin):
    """The legacy preflight answer (status, headers) for this request, or None."""
    route = SPEC["routes"].get(path)
    if method != "OPTIONS" or acrm is None or not route or not route.get("preflight"):
        return None
    return route["preflight"]["status"], _expand(route["preflight"]["headers"], origin)


def legacy_actual_headers(path, origin):
    route = SPEC["routes"].get(path)
    return _expand(route["actual"], origin) if route else []


def ok_body(path):
    return json.dumps({"ok": True, "stack": STACK, "path": path}, separators=(",", ":"))
