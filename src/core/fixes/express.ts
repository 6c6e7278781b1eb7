/** Express with the `cors` middleware, registered before auth so preflights and errors get headers. */
import type { FixPolicy } from '../policy';
import { corsPackageOptions } from './js-cors-options';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = corsPackageOptions(m, '  ', 'exact matches only; the matching origin is sent back');
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
