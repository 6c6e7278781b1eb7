/** FastAPI / Starlette CORSMiddleware, added last so it wraps (runs before) auth middleware. */
import type { FixPolicy } from '../policy';
import { pyList } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    `    allow_origins=${pyList(m.origins)},  # exact origins, never "*" with credentials`,
    `    allow_methods=${pyList(m.methods)},`,
    `    allow_headers=${pyList(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`    expose_headers=${pyList(m.expose)},`);
  if (m.credentials) opts.push('    allow_credentials=True,');
  opts.push(`    max_age=${m.maxAge},`);
  const lines = [
    'from fastapi import FastAPI',
    'from fastapi.middleware.cors import CORSMiddleware',
    '',
    'app = FastAPI()',
    '',
    '# Add it after your other add_middleware calls: the last one added runs first, so preflights',
    '# are answered before any authentication middleware.',
    'app.add_middleware(',
    '    CORSMiddleware,',
    ...opts,
    ')',
  ];
  return {
    label: 'FastAPI (CORSMiddleware)',
    language: 'python',
    code: lines.join('\n') + '\n',
    notes: [...m.notes, 'pip install fastapi uvicorn', 'Preflights are answered with 200, which browsers accept like 204.'],
  };
}
