"""The unfixed app: auth first, then the legacy CORS answers."""
from settings_head import *  # noqa: F401,F403

MIDDLEWARE = ["django_app.AuthMiddleware", "django_app.LegacyPreflightMiddleware"]
LEGACY_CORS = True
