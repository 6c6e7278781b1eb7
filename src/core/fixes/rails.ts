/** Rails with rack-cors, inserted at the top of the middleware stack (before Warden/Devise). */
import type { FixPolicy } from '../policy';
import { rubyString } from './escape';
import { rubyArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

/** A Ruby symbol literal: bare when it is a plain identifier, else the quoted `:"…"` form. */
function rubySymbol(s: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(s) ? `:${s}` : `:${rubyString(s)}`;
}

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const resource = m.pathPrefix === '/' ? '*' : `${m.pathPrefix}*`;
  const opts = [
    `      headers: ${rubyArray(m.headers)},`,
    `      methods: [${m.methods.map((x) => rubySymbol(x.toLowerCase())).join(', ')}],`,
  ];
  if (m.expose.length) opts.push(`      expose: ${rubyArray(m.expose)},`);
  if (m.credentials) opts.push('      credentials: true,');
  opts.push(`      max_age: ${m.maxAge}`);
  const lines = [
    '# config/initializers/cors.rb',
    '# insert_before 0: first in the stack, so preflights are answered before authentication.',
    'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
    '  allow do',
    `    origins ${m.origins.length ? m.origins.map(rubyString).join(', ') : '[]'}`,
    `    resource ${rubyString(resource)},`,
    ...opts,
    '  end',
    'end',
  ];
  return {
    label: 'Rails (rack-cors)',
    language: 'ruby',
    code: lines.join('\n') + '\n',
    notes: [...m.notes, 'Gemfile: gem "rack-cors", then bundle install.', 'rack-cors upper-cases methods: a client sending `patch` must send `PATCH`.'],
  };
}
