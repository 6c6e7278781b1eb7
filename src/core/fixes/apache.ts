/**
 * Apache httpd (mod_headers, mod_setenvif, mod_rewrite): an anchored allow-list regex on Origin
 * sets CORS_ORIGIN; headers go out with `always` (errors too); OPTIONS gets 204 before auth.
 */
import type { FixPolicy } from '../policy';
import { apacheString, NEVER_MATCHES, regexLiteral } from './escape';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const notes = [...m.notes];
  // mod_headers reads `%` as a format specifier: leave such names out rather than mangle them.
  const noPercent = (values: string[]) =>
    values.filter((v) => !v.includes('%') || (notes.push(`Left out ${JSON.stringify(v)}: mod_headers would read its % as a format specifier.`), false));
  const methods = noPercent(m.methods);
  const headers = noPercent(m.headers);
  const expose = noPercent(m.expose);
  const pattern = m.origins.length ? `^(${m.origins.map((o) => regexLiteral(o, 'pcre')).join('|')})$` : NEVER_MATCHES;
  const set = (name: string, value: string) => `    Header always set ${name} ${apacheString(value)} env=CORS_ORIGIN`;
  const lines = [
    '# In the <VirtualHost> (not .htaccess: there mod_rewrite runs after authentication).',
    '<IfModule mod_headers.c>',
    '    # The allow-list: exact origins, anchored. Only a match sets CORS_ORIGIN.',
    `    SetEnvIf Origin ${apacheString(pattern)} CORS_ORIGIN=$0`,
    '',
    '    # Remove CORS headers the application sets itself, or the browser sees them twice.',
    '    Header unset Access-Control-Allow-Origin',
    '    Header unset Access-Control-Allow-Credentials',
    '',
    '    # `always`: error answers (4xx/5xx) carry the headers too.',
    '    Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN',
  ];
  if (m.credentials) lines.push(set('Access-Control-Allow-Credentials', 'true'));
  if (methods.length) lines.push(set('Access-Control-Allow-Methods', headerList(methods)));
  if (headers.length) lines.push(set('Access-Control-Allow-Headers', headerList(headers)));
  if (expose.length) lines.push(set('Access-Control-Expose-Headers', headerList(expose)));
  lines.push(set('Access-Control-Max-Age', String(m.maxAge)));
  lines.push('    Header always merge Vary Origin');
  lines.push('</IfModule>');
  lines.push(
    '',
    '# Preflight: 204 right away, before authentication and the application.',
    'RewriteEngine On',
    'RewriteCond %{REQUEST_METHOD} =OPTIONS',
    'RewriteCond %{HTTP:Access-Control-Request-Method} !=""',
    `RewriteRule ^ - [R=${m.preflightStatus},L]`,
  );
  notes.push('Needs mod_headers, mod_setenvif and mod_rewrite (a2enmod headers setenvif rewrite).');
  notes.push('If a <Location> requires authentication, exempt preflights: wrap the Require lines in <LimitExcept OPTIONS>.');
  return { label: 'Apache httpd', language: 'apache', code: lines.join('\n') + '\n', notes };
}
