/**
 * Django + django-cors-headers: the snippet is settings.py content, placed after the project's
 * own settings; the app's auth middleware joins "the rest of your middleware" after it.
 */
import { pythonStack, writeModule } from './python-common';

export const django = pythonStack({
  id: 'django',
  label: 'Django (django-cors-headers)',
  modules: ['django', 'corsheaders'],
  runner: 'run_django.py',
  baseArg: 'base_settings',
  writeFixed: (run, c, i) =>
    writeModule(run, `fix_settings_${i}`, `from settings_head import *  # noqa: F401,F403\n\n${c.snippet.code}\nMIDDLEWARE += ["django_app.AuthMiddleware"]  # the rest of your middleware\n`),
});
