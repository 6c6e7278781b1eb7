/** Koa with @koa/cors; the origin function checks an allow-list instead of echoing any Origin. */
import type { FixPolicy } from '../policy';
import { jsArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    "  // Return the origin only when it is on the list; '' means: no CORS headers for this request.",
    "  origin: (ctx) => (ALLOWED_ORIGINS.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),",
    `  allowMethods: ${jsArray(m.methods)},`,
    `  allowHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`  exposeHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push('  credentials: true,');
  opts.push(`  maxAge: ${m.maxAge},`, '  keepHeadersOnError: true,');
  const code = [
    "import Koa from 'koa';",
    "import cors from '@koa/cors';",
    '',
    `const ALLOWED_ORIGINS = new Set(${jsArray(m.origins)});`,
    '',
    'const app = new Koa();',
    '',
    '// First middleware: it answers preflights with 204 before your auth middleware runs.',
    'app.use(cors({',
    ...opts,
    '}));',
    '',
    '// Your auth middleware and routes go after this line.',
    '',
    `app.listen(${m.port});`,
  ].join('\n');
  return { label: 'Koa (@koa/cors)', language: 'javascript', code: code + '\n', notes: [...m.notes, 'npm install koa @koa/cors'] };
}
