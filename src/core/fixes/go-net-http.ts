/** Go net/http: a middleware that wraps the whole mux (auth included) and answers preflights first. */
import type { FixPolicy } from '../policy';
import { goString } from './escape';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const allowed = ['\t\t\th.Set("Access-Control-Allow-Origin", origin)'];
  if (m.credentials) allowed.push('\t\t\th.Set("Access-Control-Allow-Credentials", "true")');
  if (m.expose.length) allowed.push(`\t\t\th.Set("Access-Control-Expose-Headers", ${goString(headerList(m.expose))})`);
  const preflight: string[] = [];
  if (m.methods.length) preflight.push(`\t\t\t\th.Set("Access-Control-Allow-Methods", ${goString(headerList(m.methods))})`);
  if (m.headers.length) preflight.push(`\t\t\t\th.Set("Access-Control-Allow-Headers", ${goString(headerList(m.headers))})`);
  preflight.push(`\t\t\t\th.Set("Access-Control-Max-Age", ${goString(String(m.maxAge))})`);
  const lines = [
    'package main',
    '',
    'import (',
    '\t"log"',
    '\t"net/http"',
    ')',
    '',
    '// Exact origins allowed to call this API (an allow-list, never a reflected Origin).',
    'var allowedOrigins = map[string]bool{',
    ...m.origins.map((o) => `\t${goString(o)}: true,`),
    '}',
    '',
    '// withCORS wraps every handler, auth included, so preflights are answered before auth runs',
    '// and error responses carry the CORS headers too.',
    'func withCORS(next http.Handler) http.Handler {',
    '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
    '\t\th := w.Header()',
    '\t\th.Add("Vary", "Origin")',
    '\t\torigin := r.Header.Get("Origin")',
    '\t\tallowed := allowedOrigins[origin]',
    '\t\tif allowed {',
    ...allowed,
    '\t\t}',
    '\t\tif r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {',
    '\t\t\tif allowed {',
    ...preflight,
    '\t\t\t}',
    `\t\t\tw.WriteHeader(${m.preflightStatus === 204 ? 'http.StatusNoContent' : m.preflightStatus})`,
    '\t\t\treturn',
    '\t\t}',
    '\t\tnext.ServeHTTP(w, r)',
    '\t})',
    '}',
    '',
    'func main() {',
    '\tmux := http.NewServeMux()',
    '\t// Your routes (and auth middleware) go on mux.',
    `\tlog.Fatal(http.ListenAndServe(${goString(`:${m.port}`)}, withCORS(mux)))`,
    '}',
  ];
  return { label: 'Go (net/http)', language: 'go', code: lines.join('\n') + '\n', notes: [...m.notes] };
}
