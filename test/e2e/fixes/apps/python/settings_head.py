"""The project settings every variant starts with (no database, one URLconf)."""
SECRET_KEY = "cors-lens-fix-check-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
ROOT_URLCONF = "django_app"
USE_TZ = True
DATABASES = {}
INSTALLED_APPS = []
