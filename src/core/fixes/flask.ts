/** Flask with flask-cors: one resource rule with an exact-origin allow-list. */
import type { FixPolicy } from '../policy';
import { pyString, regexLiteral } from './escape';
import { pyList } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

/** flask-cors treats a string with any of these characters as a regex (its `probably_regex`). */
const REGEX_LOOKING = /[*\\\]?$^[()]/;

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  // An IPv6 origin like http://[::1]:8080 would be read as a regex: pass those pre-compiled, anchored.
  const needsRe = m.origins.some((o) => REGEX_LOOKING.test(o));
  const origins = `[${m.origins
    .map((o) => (REGEX_LOOKING.test(o) ? `re.compile(${pyString(`${regexLiteral(o, 'python')}\\Z`)})` : pyString(o)))
    .join(', ')}]`;
  const resource = m.pathPrefix === '/' ? '/*' : `${m.pathPrefix}*`;
  const opts = [
    `    resources={${pyString(resource)}: {"origins": ${origins}}},`,
    `    methods=${pyList(m.methods)},`,
    `    allow_headers=${pyList(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`    expose_headers=${pyList(m.expose)},`);
  if (m.credentials) opts.push('    supports_credentials=True,');
  opts.push(`    max_age=${m.maxAge},`);
  const lines = [
    ...(needsRe ? ['import re', ''] : []),
    'from flask import Flask',
    'from flask_cors import CORS',
    '',
    'app = Flask(__name__)',
    '',
    '# Exact origins only; the matching origin is sent back, with Vary: Origin.',
    'CORS(',
    '    app,',
    ...opts,
    ')',
  ];
  return {
    label: 'Flask (flask-cors)',
    language: 'python',
    code: lines.join('\n') + '\n',
    notes: [
      ...m.notes,
      'pip install flask flask-cors',
      'If a before_request hook checks auth, let preflights through first: `if request.method == "OPTIONS": return None`.',
    ],
  };
}
