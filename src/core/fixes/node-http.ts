/** Plain Node.js `node:http`: a CORS wrapper that answers preflights before anything else runs. */
import type { FixPolicy } from '../policy';
import { jsString } from './escape';
import { jsArray } from './literals';
import { headerList, renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const lines = [
    "import { createServer } from 'node:http';",
    '',
    '// Exact origins allowed to call this API (an allow-list, never a reflected Origin).',
    `const ALLOWED_ORIGINS = new Set(${jsArray(m.origins)});`,
    '',
    '/** Adds CORS headers for allowed origins; returns true when it answered a preflight. */',
    'function handleCors(req, res) {',
    '  const origin = req.headers.origin;',
    "  res.setHeader('Vary', 'Origin');",
    '  const allowed = typeof origin === \'string\' && ALLOWED_ORIGINS.has(origin);',
    '  if (allowed) {',
    "    res.setHeader('Access-Control-Allow-Origin', origin);",
  ];
  if (m.credentials) lines.push("    res.setHeader('Access-Control-Allow-Credentials', 'true');");
  if (m.expose.length) lines.push(`    res.setHeader('Access-Control-Expose-Headers', ${jsString(headerList(m.expose))});`);
  lines.push('  }');
  lines.push("  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;");
  lines.push('  if (allowed) {');
  if (m.methods.length) lines.push(`    res.setHeader('Access-Control-Allow-Methods', ${jsString(headerList(m.methods))});`);
  if (m.headers.length) lines.push(`    res.setHeader('Access-Control-Allow-Headers', ${jsString(headerList(m.headers))});`);
  lines.push(`    res.setHeader('Access-Control-Max-Age', ${jsString(String(m.maxAge))});`);
  lines.push('  }');
  lines.push(`  res.writeHead(${m.preflightStatus}).end();`);
  lines.push('  return true;');
  lines.push('}');
  lines.push('');
  lines.push('const server = createServer((req, res) => {');
  lines.push('  // First: preflights carry no cookies or tokens, so answer them before any auth check.');
  lines.push('  if (handleCors(req, res)) return;');
  lines.push('  // Your authentication and routes go here; every answer, errors included, now has the CORS headers.');
  lines.push("  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true }));");
  lines.push('});');
  lines.push('');
  lines.push(`server.listen(${m.port});`);
  return { label: 'Node.js (node:http)', language: 'javascript', code: lines.join('\n') + '\n', notes: [...m.notes, 'Save as server.mjs (ES module) and run with `node server.mjs`.'] };
}
