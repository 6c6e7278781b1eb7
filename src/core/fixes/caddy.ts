/**
 * Caddy: an anchored header_regexp allow-list on Origin, preflights answered with 204 in their own
 * `handle` block (before auth and the proxy), deferred headers so they replace the app's.
 */
import type { FixPolicy } from '../policy';
import { caddyToken, NEVER_MATCHES, regexLiteral } from './escape';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

/**
 * The site address: the API's own origin (host matching, automatic HTTPS for https), on the port
 * the caller says the server listens on when it says one, else `:port`.
 */
function siteAddress(apiOrigin: string | undefined, port: number | undefined): string {
  if (apiOrigin === undefined) return `:${port ?? 8080}`;
  const u = new URL(apiOrigin);
  if (port !== undefined) u.port = String(port);
  return u.protocol === 'http:' ? u.origin : u.host;
}

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const pattern = m.origins.length ? `^(${m.origins.map((o) => regexLiteral(o, 'pcre')).join('|')})$` : NEVER_MATCHES;
  const site = siteAddress(m.apiOrigin, ctx.port !== undefined ? m.port : undefined);
  const actual = ['\t\tAccess-Control-Allow-Origin {http.request.header.Origin}'];
  if (m.credentials) actual.push('\t\tAccess-Control-Allow-Credentials true');
  if (m.expose.length) actual.push(`\t\tAccess-Control-Expose-Headers ${caddyToken(headerList(m.expose))}`);
  const preflight = ['\t\t\tAccess-Control-Allow-Origin {http.request.header.Origin}'];
  if (m.credentials) preflight.push('\t\t\tAccess-Control-Allow-Credentials true');
  if (m.methods.length) preflight.push(`\t\t\tAccess-Control-Allow-Methods ${caddyToken(headerList(m.methods))}`);
  if (m.headers.length) preflight.push(`\t\t\tAccess-Control-Allow-Headers ${caddyToken(headerList(m.headers))}`);
  preflight.push(`\t\t\tAccess-Control-Max-Age ${m.maxAge}`);
  const prefixMatcher = m.pathPrefix === '/' ? '' : ` ${caddyToken(`${m.pathPrefix}*`)}`;
  const lines = [
    `${site} {`,
    '\t# The allow-list: exact origins, anchored.',
    '\t@cors_allowed {',
    ...(prefixMatcher ? [`\t\tpath${prefixMatcher}`] : []),
    `\t\theader_regexp cors Origin ${caddyToken(pattern)}`,
    '\t}',
    '\t@cors_preflight {',
    ...(prefixMatcher ? [`\t\tpath${prefixMatcher}`] : []),
    '\t\tmethod OPTIONS',
    '\t\theader Access-Control-Request-Method *',
    '\t}',
    '',
    '\theader +Vary Origin',
    '\t# defer: applied when the answer is written, replacing any CORS headers from the app, errors included.',
    '\theader @cors_allowed {',
    ...actual,
    '\t\tdefer',
    '\t}',
    '',
    '\t# Preflight: 204 here, before authentication and the app.',
    '\thandle @cors_preflight {',
    '\t\theader @cors_allowed {',
    ...preflight,
    '\t\t}',
    `\t\trespond ${m.preflightStatus}`,
    '\t}',
    '',
    '\thandle {',
    '\t\t# Your authentication (basic_auth, forward_auth) goes here, after the preflight answer.',
    `\t\treverse_proxy ${m.upstream}`,
    '\t}',
    '}',
  ];
  return {
    label: 'Caddy',
    language: 'caddy',
    code: lines.join('\n') + '\n',
    notes: [...m.notes, 'Keep auth directives inside the second handle block: at the top level, Caddy orders basic_auth before handle, so it would challenge the preflight.'],
  };
}
