/** Flask + flask-cors: the snippet creates the app; the app's auth hook and route come after it. */
import { pythonStack, writeModule } from './python-common';

export const flask = pythonStack({
  id: 'flask',
  label: 'Flask (flask-cors)',
  modules: ['flask', 'flask_cors'],
  runner: 'run_flask.py',
  baseArg: 'base',
  writeFixed: (run, c, i) => writeModule(run, `fix_flask_${i}`, `${c.snippet.code}\nfrom flask_app import install_app  # the app's own auth hook and routes\ninstall_app(app)\n`),
});
