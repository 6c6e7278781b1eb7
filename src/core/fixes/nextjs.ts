/**
 * Next.js: middleware that answers preflights (before route handlers and auth) and decorates
 * every matching response; plus the static `next.config` headers form, valid for one origin only.
 */
import type { FixPolicy } from '../policy';
import { jsString } from './escape';
import { jsArray } from './literals';
import { corsHeaderEntries } from './js-cors-options';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const matcher = m.pathPrefix === '/' ? '/:path*' : `${m.pathPrefix}:path*`;
  const { actual, preflight } = corsHeaderEntries(m);

  const middleware = [
    '// middleware.ts (Next.js 16: name it proxy.ts and the function `proxy`)',
    "import { NextResponse, type NextRequest } from 'next/server';",
    '',
    `const ALLOWED_ORIGINS = new Set(${jsArray(m.origins)});`,
    '',
    'const CORS_HEADERS: Record<string, string> = {',
    ...actual,
    '};',
    '',
    'const PREFLIGHT_HEADERS: Record<string, string> = {',
    ...preflight,
    '};',
    '',
    'export function middleware(request: NextRequest) {',
    "  const origin = request.headers.get('origin') ?? '';",
    '  const allowed = ALLOWED_ORIGINS.has(origin);',
    '',
    '  // Preflight: answer here, before route handlers and any auth, with no body.',
    "  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {",
    "    const headers = new Headers({ Vary: 'Origin' });",
    '    if (allowed) {',
    "      headers.set('Access-Control-Allow-Origin', origin);",
    '      for (const [name, value] of Object.entries({ ...CORS_HEADERS, ...PREFLIGHT_HEADERS })) headers.set(name, value);',
    '    }',
    `    return new NextResponse(null, { status: ${m.preflightStatus}, headers });`,
    '  }',
    '',
    '  const response = NextResponse.next();',
    "  response.headers.append('Vary', 'Origin');",
    '  if (allowed) {',
    "    response.headers.set('Access-Control-Allow-Origin', origin);",
    '    for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);',
    '  }',
    '  return response;',
    '}',
    '',
    `export const config = { matcher: ${jsString(matcher)} };`,
  ];
  const notes = [...m.notes];
  const code = [middleware.join('\n')];
  if (m.origins.length === 1) {
    const origin = m.origins[0] as string;
    const staticHeaders = [
      `{ key: 'Access-Control-Allow-Origin', value: ${jsString(origin)} },`,
      ...(m.credentials ? ["{ key: 'Access-Control-Allow-Credentials', value: 'true' },"] : []),
      ...(m.methods.length ? [`{ key: 'Access-Control-Allow-Methods', value: ${jsString(headerList(m.methods))} },`] : []),
      ...(m.headers.length ? [`{ key: 'Access-Control-Allow-Headers', value: ${jsString(headerList(m.headers))} },`] : []),
      ...(m.expose.length ? [`{ key: 'Access-Control-Expose-Headers', value: ${jsString(headerList(m.expose))} },`] : []),
      `{ key: 'Access-Control-Max-Age', value: ${jsString(String(m.maxAge))} },`,
    ];
    code.push(
      [
        '// ---- Alternative: next.config.mjs (static headers; only for exactly one allowed origin) ----',
        '// const nextConfig = {',
        '//   async headers() {',
        '//     return [',
        '//       {',
        `//         source: ${jsString(matcher)},`,
        '//         headers: [',
        ...staticHeaders.map((l) => `//           ${l}`),
        '//         ],',
        '//       },',
        '//     ];',
        '//   },',
        '// };',
        '// export default nextConfig;',
      ].join('\n'),
    );
    notes.push('The commented next.config form sends one fixed origin; App Router answers OPTIONS with 204 itself, but auth in middleware must still let OPTIONS through.');
  }
  return { label: 'Next.js (middleware)', language: 'typescript', code: code.join('\n\n') + '\n', notes };
}
