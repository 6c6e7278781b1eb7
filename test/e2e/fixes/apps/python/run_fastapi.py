"""Serves a FastAPI app with uvicorn on 127.0.0.1:PORT: `base`, or the module of the fixed app."""
import importlib
import sys

import uvicorn

from base_common import PORT
from fastapi_app import create_base

app = create_base() if sys.argv[1] == "base" else importlib.import_module(sys.argv[1]).app
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
