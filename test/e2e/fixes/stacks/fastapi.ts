/**
 * FastAPI + CORSMiddleware: the app's auth middleware is added before the snippet's
 * add_middleware (as its comment says: added last, CORS runs first); routes come after.
 */
import { insertAfterMarker } from '../processes';
import { pythonStack, writeModule } from './python-common';

export const fastapi = pythonStack({
  id: 'fastapi',
  label: 'FastAPI (CORSMiddleware)',
  modules: ['fastapi', 'uvicorn'],
  runner: 'run_fastapi.py',
  baseArg: 'base',
  writeFixed: (run, c, i) =>
    writeModule(
      run,
      `fix_fastapi_${i}`,
      `${insertAfterMarker(c.snippet.code, 'app = FastAPI()', ['from fastapi_app import install_auth, install_routes  # the app\'s own auth', 'install_auth(app)'])}\ninstall_routes(app)\n`,
    ),
});
