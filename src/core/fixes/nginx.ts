/**
 * nginx: a `map` allow-list on $http_origin (exact keys, no reflection of unknown origins),
 * `always` so error answers carry the headers too, OPTIONS answered with 204 before auth/proxy.
 */
import type { FixPolicy } from '../policy';
import { nginxString } from './escape';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

/** A `map` key that nginx compares literally (a leading `~` would mean a regex, `\` is stripped). */
function mapKey(origin: string): string {
  const special = /^[~\\]/.test(origin) || ['default', 'hostnames', 'include', 'volatile'].includes(origin);
  return nginxString(special ? `\\${origin}` : origin);
}

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const notes = [...m.notes];
  // add_header values expand $variables and nginx has no escape for `$`: leave such names out.
  const noDollar = (values: string[]) =>
    values.filter((v) => !v.includes('$') || (notes.push(`Left out ${JSON.stringify(v)}: nginx would expand the $ in it.`), false));
  const methods = noDollar(m.methods);
  const headers = noDollar(m.headers);
  const expose = noDollar(m.expose);
  const add = (name: string, value: string) => `add_header ${name} ${value} always;`;

  const preflight = [add('Access-Control-Allow-Origin', '$cors_origin')];
  if (m.credentials) preflight.push(add('Access-Control-Allow-Credentials', '$cors_credentials'));
  if (methods.length) preflight.push(add('Access-Control-Allow-Methods', nginxString(headerList(methods))));
  if (headers.length) preflight.push(add('Access-Control-Allow-Headers', nginxString(headerList(headers))));
  preflight.push(add('Access-Control-Max-Age', String(m.maxAge)), add('Vary', 'Origin'));

  const actual = [add('Access-Control-Allow-Origin', '$cors_origin')];
  if (m.credentials) actual.push(add('Access-Control-Allow-Credentials', '$cors_credentials'));
  if (expose.length) actual.push(add('Access-Control-Expose-Headers', nginxString(headerList(expose))));
  actual.push(add('Vary', 'Origin'));

  const lines = [
    '# In the http { } block: the allow-list. Unknown origins map to "" and nginx then sends no header.',
    'map $http_origin $cors_origin {',
    '    default "";',
    ...m.origins.map((o) => `    ${mapKey(o)} $http_origin;`),
    '}',
  ];
  if (m.credentials) lines.push('map $cors_origin $cors_credentials {', '    "" "";', '    default "true";', '}');
  lines.push(
    '',
    'server {',
    `    listen ${m.port};`,
    '',
    `    location ${nginxString(m.pathPrefix)} {`,
    '        # Preflight: answered here, before auth_request/auth_basic and before the app.',
    '        if ($request_method = OPTIONS) {',
    ...preflight.map((l) => `            ${l}`),
    `            return ${m.preflightStatus};`,
    '        }',
    '',
    '        # `always`: 4xx/5xx answers carry the headers too, so errors reach the page.',
    ...actual.map((l) => `        ${l}`),
    '',
    '        # Drop CORS headers the app sets itself, or the browser sees them twice.',
    '        proxy_hide_header Access-Control-Allow-Origin;',
    '        proxy_hide_header Access-Control-Allow-Credentials;',
    '        proxy_hide_header Access-Control-Expose-Headers;',
    `        proxy_pass http://${m.upstream};`,
    '    }',
    '}',
  );
  notes.push('`return` inside `if` is the one safe use of if in a location; auth_request/auth_basic run later, so OPTIONS never reaches them.');
  notes.push('An add_header in a nested block replaces all inherited ones: repeat these lines in any location that has its own add_header.');
  return { label: 'nginx', language: 'nginx', code: lines.join('\n') + '\n', notes };
}
