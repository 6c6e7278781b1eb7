/** Fastify with @fastify/cors, registered before auth hooks so preflights are answered first. */
import type { FixPolicy } from '../policy';
import { corsPackageOptions } from './js-cors-options';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = corsPackageOptions(m, '  ', 'exact matches only');
  const code = [
    "import Fastify from 'fastify';",
    "import cors from '@fastify/cors';",
    '',
    'const fastify = Fastify();',
    '',
    '// Register CORS before any auth plugin or onRequest hook: it answers preflights in its own',
    '// onRequest hook, and hooks run in registration order.',
    'await fastify.register(cors, {',
    ...opts,
    '});',
    '',
    '// Your auth hooks and routes go after this line.',
    '',
    `await fastify.listen({ port: ${m.port} });`,
  ].join('\n');
  return {
    label: 'Fastify (@fastify/cors)',
    language: 'javascript',
    code: code + '\n',
    notes: [...m.notes, 'npm install fastify @fastify/cors', 'Top-level await: save as an ES module (.mjs or "type": "module").'],
  };
}
