/** Django with django-cors-headers: settings, with its middleware first so preflights skip auth. */
import type { FixPolicy } from '../policy';
import { pyString, regexLiteral } from './escape';
import { pyList } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const lines = [
    '# settings.py',
    'INSTALLED_APPS = [',
    '    # ... your apps ...',
    '    "corsheaders",',
    ']',
    '',
    'MIDDLEWARE = [',
    '    # First, above CommonMiddleware and any authentication middleware: it answers preflights itself.',
    '    "corsheaders.middleware.CorsMiddleware",',
    '    "django.middleware.common.CommonMiddleware",',
    '    # ... the rest of your middleware ...',
    ']',
    '',
    '# Exact origins (scheme://host[:port], no path, no trailing slash).',
    `CORS_ALLOWED_ORIGINS = ${pyList(m.origins)}`,
    `CORS_ALLOW_METHODS = ${pyList(m.methods)}`,
    `CORS_ALLOW_HEADERS = ${pyList(m.headers)}`,
  ];
  if (m.expose.length) lines.push(`CORS_EXPOSE_HEADERS = ${pyList(m.expose)}`);
  if (m.credentials) lines.push('CORS_ALLOW_CREDENTIALS = True');
  lines.push(`CORS_PREFLIGHT_MAX_AGE = ${m.maxAge}`);
  if (m.pathPrefix !== '/') lines.push(`CORS_URLS_REGEX = ${pyString(`^${regexLiteral(m.pathPrefix, 'python')}`)}`);
  return {
    label: 'Django (django-cors-headers)',
    language: 'python',
    code: lines.join('\n') + '\n',
    notes: [
      ...m.notes,
      'pip install django-cors-headers',
      'These lists replace the package defaults (which include authorization, content-type, x-csrftoken …): add what your other endpoints need.',
      'It answers preflights with 200, which browsers accept like 204.',
    ],
  };
}
