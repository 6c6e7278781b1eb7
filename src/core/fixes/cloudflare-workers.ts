/** Cloudflare Workers: a Worker in front of the origin answers preflights and adds CORS headers. */
import type { FixPolicy } from '../policy';
import { jsArray } from './literals';
import { corsHeaderEntries } from './js-cors-options';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const { actual, preflight } = corsHeaderEntries(m);
  const code = [
    `const ALLOWED_ORIGINS = new Set(${jsArray(m.origins)});`,
    '',
    'const CORS_HEADERS = {',
    ...actual,
    '};',
    '',
    'const PREFLIGHT_HEADERS = {',
    ...preflight,
    '};',
    '',
    'export default {',
    '  async fetch(request, env, ctx) {',
    "    const origin = request.headers.get('Origin') ?? '';",
    '    const allowed = ALLOWED_ORIGINS.has(origin);',
    '',
    '    // Preflight: answer it here, before the origin server and its auth see it.',
    "    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {",
    "      const headers = new Headers({ Vary: 'Origin' });",
    '      if (allowed) {',
    "        headers.set('Access-Control-Allow-Origin', origin);",
    '        for (const [name, value] of Object.entries({ ...CORS_HEADERS, ...PREFLIGHT_HEADERS })) headers.set(name, value);',
    '      }',
    `      return new Response(null, { status: ${m.preflightStatus}, headers });`,
    '    }',
    '',
    '    // Everything else goes to your origin; its answer (errors included) gets the CORS headers.',
    '    const upstream = await fetch(request);',
    '    const response = new Response(upstream.body, upstream);',
    "    response.headers.append('Vary', 'Origin');",
    '    if (allowed) {',
    "      response.headers.set('Access-Control-Allow-Origin', origin);",
    '      for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);',
    '    }',
    '    return response;',
    '  },',
    '};',
  ].join('\n');
  return {
    label: 'Cloudflare Workers',
    language: 'javascript',
    code: code + '\n',
    notes: [...m.notes, 'Deploy it on a route in front of your API (wrangler). If the Worker is the API itself, replace `fetch(request)` with your handler.'],
  };
}
