/** Raw HTTP: the exact header lines each response must carry, to hand to whoever runs the server. */
import type { FixPolicy } from '../policy';
import { httpFieldValue } from './escape';
import { headerList, renderModel, requestTarget } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const origin = m.origins[0] ?? '';
  // A configuration for a whole path (a server's merged fix) names the path, not one request.
  const target = ctx.pathPrefix !== undefined ? `${m.pathPrefix}*` : requestTarget(policy.request.url);
  const line = (name: string, value: string) => `${name}: ${httpFieldValue(value)}`;
  const lines: string[] = [];
  if (m.preflight) {
    lines.push(`# Answer to ${ctx.pathPrefix !== undefined ? 'every preflight' : 'the preflight'}: OPTIONS ${target}`, `HTTP/1.1 ${m.preflightStatus} No Content`);
    if (origin) lines.push(line('Access-Control-Allow-Origin', origin));
    if (m.credentials) lines.push(line('Access-Control-Allow-Credentials', 'true'));
    if (m.methods.length) lines.push(line('Access-Control-Allow-Methods', headerList(m.methods)));
    if (m.headers.length) lines.push(line('Access-Control-Allow-Headers', headerList(m.headers)));
    lines.push(line('Access-Control-Max-Age', String(m.maxAge)), line('Vary', 'Origin'), '');
  }
  const method = m.methods[0] ?? 'GET';
  const answered = ctx.pathPrefix !== undefined ? `every answer under ${target}` : `every answer to ${method} ${target}`;
  lines.push(`# Added to ${answered} (errors included; status unchanged)`);
  if (origin) lines.push(line('Access-Control-Allow-Origin', origin));
  if (m.credentials) lines.push(line('Access-Control-Allow-Credentials', 'true'));
  if (m.expose.length) lines.push(line('Access-Control-Expose-Headers', headerList(m.expose)));
  lines.push(line('Vary', 'Origin'));
  const notes = [...m.notes];
  if (m.origins.length > 1)
    notes.push(`Access-Control-Allow-Origin holds one origin: send whichever of ${m.origins.join(', ')} matches the request's Origin.`);
  notes.push('Send these only when the request\'s Origin is on your allow-list; for any other Origin send no Access-Control-Allow-Origin at all.');
  return { label: 'HTTP headers', language: 'http', code: lines.join('\n') + '\n', notes };
}
