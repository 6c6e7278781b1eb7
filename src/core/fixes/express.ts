/** Express with the `cors` middleware, registered before auth so preflights and errors get headers. */
import type { FixPolicy } from '../policy';
import { jsArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    `  origin: ${jsArray(m.origins)}, // exact matches only; the matching origin is sent back`,
    `  methods: ${jsArray(m.methods)},`,
    `  allowedHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`  exposedHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push('  credentials: true,');
  opts.push(`  maxAge: ${m.maxAge},`, `  optionsSuccessStatus: ${m.preflightStatus},`);
  const code = [
    "import express from 'express';",
    "import cors from 'cors';",
    '',
    'const app = express();',
    '',
    'const corsOptions = {',
    ...opts,
    '};',
    '',
    '// Register CORS first: it answers preflights (OPTIONS) itself, before your auth middleware and',
    '// routes run, and its headers stay on error responses.',
    'app.use(cors(corsOptions));',
    '',
    '// Your authentication middleware and routes go after this line.',
    '',
    `app.listen(${m.port});`,
  ].join('\n');
  return {
    label: 'Express (cors)',
    language: 'javascript',
    code: code + '\n',
    notes: [...m.notes, 'npm install express cors', 'These lists replace the package defaults: add the methods and headers your other endpoints need.'],
  };
}
