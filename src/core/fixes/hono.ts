/** Hono with its built-in `hono/cors` middleware, mounted before auth. */
import type { FixPolicy } from '../policy';
import { jsString } from './escape';
import { jsArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    '    // Exact matches only; any other Origin gets no Access-Control-Allow-Origin.',
    "    origin: (origin) => (ALLOWED_ORIGINS.includes(origin) ? origin : null),",
    `    allowMethods: ${jsArray(m.methods)},`,
    `    allowHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`    exposeHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push('    credentials: true,');
  opts.push(`    maxAge: ${m.maxAge},`);
  const code = [
    "import { Hono } from 'hono';",
    "import { cors } from 'hono/cors';",
    "import { serve } from '@hono/node-server';",
    '',
    `const ALLOWED_ORIGINS: string[] = ${jsArray(m.origins)};`,
    '',
    'const app = new Hono();',
    '',
    '// Mounted first: preflights are answered (204) before any auth middleware below.',
    'app.use(',
    `  ${jsString(`${m.pathPrefix}*`)},`,
    '  cors({',
    ...opts,
    '  }),',
    ');',
    '',
    '// Your auth middleware and routes go after this line.',
    '',
    `serve({ fetch: app.fetch, port: ${m.port} });`,
  ].join('\n');
  return {
    label: 'Hono (hono/cors)',
    language: 'typescript',
    code: code + '\n',
    notes: [...m.notes, 'npm install hono @hono/node-server', 'On Bun, Deno or Cloudflare Workers, drop @hono/node-server and `export default app`.'],
  };
}
