/** Go with github.com/rs/cors wrapping the whole handler (auth included). */
import type { FixPolicy } from '../policy';
import { goString } from './escape';
import { goSlice } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const notes = [...m.notes];
  // rs/cors reads `*` inside an allowed origin as a wildcard: keep such entries out of the list.
  const origins = m.origins.filter((o) => !o.includes('*') || (notes.push(`Left out ${JSON.stringify(o)}: rs/cors would read its * as a wildcard.`), false));
  const entries: Array<[string, string]> = [
    ['AllowedOrigins', goSlice(origins)],
    ['AllowedMethods', goSlice(m.methods)],
    ['AllowedHeaders', goSlice(m.headers)],
  ];
  if (m.expose.length) entries.push(['ExposedHeaders', goSlice(m.expose)]);
  if (m.credentials) entries.push(['AllowCredentials', 'true']);
  // No OptionsSuccessStatus: rs/cors ≥ 1.8 already answers preflights with 204, and older
  // releases (Debian's 1.7) lack the field, so naming it would not compile there.
  entries.push(['MaxAge', String(m.maxAge)]);
  // gofmt aligns the values of consecutive key: value lines.
  const width = Math.max(...entries.map(([k]) => k.length)) + 1;
  const opts = entries.map(([k, v]) => `\t\t${`${k}:`.padEnd(width)} ${v},`);
  const lines = [
    'package main',
    '',
    'import (',
    '\t"log"',
    '\t"net/http"',
    '',
    '\t"github.com/rs/cors"',
    ')',
    '',
    'func main() {',
    '\tmux := http.NewServeMux()',
    '\t// Your routes (and auth middleware) go on mux.',
    '',
    '\t// Preflights are answered with 204 (rs/cors >= 1.8; older releases send 200, which browsers accept too).',
    '\tc := cors.New(cors.Options{',
    ...opts,
    '\t})',
    '\t// c.Handler wraps everything: preflights are answered before your auth runs.',
    `\tlog.Fatal(http.ListenAndServe(${goString(`:${m.port}`)}, c.Handler(mux)))`,
    '}',
  ];
  notes.push('go get github.com/rs/cors', 'rs/cors upper-cases methods: a client sending a lower-case method (`patch`) must be fixed to send `PATCH`.');
  return { label: 'Go (rs/cors)', language: 'go', code: lines.join('\n') + '\n', notes };
}
