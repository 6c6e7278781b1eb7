/**
 * curl reproduction: the preflight and the actual request as the browser sends them, to check the
 * server from a shell. Every argument is one POSIX single-quoted word; secrets stay redacted.
 */
import type { FixPolicy } from '../policy';
import { httpFieldValue, shellWord } from './escape';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

function header(name: string, value: string): string {
  return `  -H ${shellWord(`${httpFieldValue(name)}: ${httpFieldValue(value)}`)}`;
}

function command(method: string, url: string, headers: string[]): string {
  // -g: brackets in the URL ([::1], a [redacted] value) are literal, not curl's URL globbing.
  return [`curl -g -i -X ${shellWord(method)} ${shellWord(url)}`, ...headers].join(' \\\n');
}

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const req = policy.request;
  const origin = m.origins[0];
  const url = httpFieldValue(req.url);
  const method = httpFieldValue(req.method);
  const originHeader = origin !== undefined ? [header('Origin', origin)] : [];
  const blocks: string[] = [];
  if (req.preflight) {
    const pre = [...originHeader, header('Access-Control-Request-Method', method)];
    if (req.preflightHeaderNames.length) pre.push(header('Access-Control-Request-Headers', req.preflightHeaderNames.join(',')));
    blocks.push(`# 1. The preflight the browser sends first\n${command('OPTIONS', url, pre)}`);
  }
  const actualHeaders = [...originHeader, ...req.headers.map((h) => header(h.name, h.value))];
  blocks.push(`# ${req.preflight ? '2. ' : ''}The request itself${req.credentials ? ' (add your cookie with -b or your token; secrets are redacted)' : ''}\n${command(method, url, actualHeaders)}`);
  const notes = [...m.notes];
  const expect: string[] = [];
  if (req.preflight) expect.push(`the OPTIONS answer must be 2xx with Access-Control-Allow-Origin: ${origin ?? '(your origin)'}${m.methods.length ? ` and ${m.methods.join(', ')} in Access-Control-Allow-Methods` : ''}`);
  expect.push(`the ${method} answer must carry Access-Control-Allow-Origin: ${origin ?? '(your origin)'}${m.credentials ? ' and Access-Control-Allow-Credentials: true' : ''}`);
  notes.push(`What to look for: ${expect.join('; ')}.`);
  notes.push('The request body was not captured: add it with --data if the server needs one.');
  if (origin === undefined) notes.push('Add -H \'Origin: …\' with your page\'s origin: without it the server may not answer CORS at all.');
  return { label: 'curl', language: 'shell', code: blocks.join('\n\n') + '\n', notes };
}
