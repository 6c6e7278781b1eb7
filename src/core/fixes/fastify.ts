/** Fastify with @fastify/cors, registered before auth hooks so preflights are answered first. */
import type { FixPolicy } from '../policy';
import { jsArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    `  origin: ${jsArray(m.origins)}, // exact matches only`,
    `  methods: ${jsArray(m.methods)},`,
    `  allowedHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`  exposedHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push('  credentials: true,');
  opts.push(`  maxAge: ${m.maxAge},`, `  optionsSuccessStatus: ${m.preflightStatus},`);
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
