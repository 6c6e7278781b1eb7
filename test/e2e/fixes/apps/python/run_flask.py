"""Serves a Flask app on 127.0.0.1:PORT: `base`, or the module that holds the fixed app."""
import importlib
import sys

from base_common import PORT
from flask_app import create_base

app = create_base() if sys.argv[1] == "base" else importlib.import_module(sys.argv[1]).app
app.run(host="127.0.0.1", port=PORT, threaded=True)
