"""Serves a Django settings module (argv[1]) with runserver on 127.0.0.1:PORT, system checks included."""
import os
import sys

from base_common import PORT

os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[1]
from django.core.management import execute_from_command_line  # noqa: E402

execute_from_command_line(["manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"])
