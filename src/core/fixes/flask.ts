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
    'from flask import Flask, request',
    'from flask_cors import CORS',
    '',
    'app = Flask(__name__)',
    '',
    '# Exact origins only; the matching origin is sent back, with Vary: Origin.',
    'CORS(',
    '    app,',
    ...opts,
    ')',
    '',
    '',
    '# flask-cors adds its headers once a response exists, so a before_request auth hook would',
    '# reject the preflight first: answer preflights here, above your own hooks (they run in order).',
    '@app.before_request',
    'def answer_cors_preflight():',
    '    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:',
    '        return app.make_default_options_response()  # flask-cors adds the CORS headers',
    '    return None',
  ];
  return {
    label: 'Flask (flask-cors)',
    language: 'python',
    code: lines.join('\n') + '\n',
    notes: [
      ...m.notes,
      'pip install flask flask-cors',
      'Keep these lines above your own before_request hooks (auth included): hooks run in the order they are registered.',
    ],
  };
}
