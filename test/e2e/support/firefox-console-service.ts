/**
 * Firefox's console service, read from the privileged chrome context over BiDi: it holds every
 * console error Firefox logged, including those from workers and service workers, which BiDi's
 * `log.entryAdded` (window console only) never delivers. Needs `--remote-allow-system-access`.
 */
import { parseFirefoxCorsLine, type FirefoxCorsLine } from '../../../src/core/messages/firefox-parse';

export interface BidiSender {
  send(method: string, params: Record<string, unknown>): Promise<{ result: Record<string, unknown> }>;
}

/** The chrome window's browsing context id (the privileged parent-process window). */
export async function chromeWindowContext(conn: BidiSender): Promise<string> {
  const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = tree.result['contexts'] as Array<{ context: string; url: string }>;
  const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!win) throw new Error('no chrome window context: launch Firefox with --remote-allow-system-access');
  return win.context;
}

/**
 * Console-service messages whose text contains `needle` (e.g. "Cross-Origin Request Blocked"),
 * oldest first, as `[error] text`.
 */
export async function consoleServiceLines(conn: BidiSender, chromeContext: string, needle: string): Promise<string[]> {
  const expression = `(() => {
    const out = [];
    for (const m of Services.console.getMessageArray() ?? []) {
      const text = m instanceof Ci.nsIScriptError ? m.errorMessage : m.message;
      if (typeof text === 'string' && text.includes(${JSON.stringify(needle)})) out.push(text);
    }
    return JSON.stringify(out);
  })()`;
  const r = await conn.send('script.evaluate', { expression, target: { context: chromeContext }, awaitPromise: false, resultOwnership: 'none' });
  const res = r.result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
  if (res.type === 'exception') throw new Error(`console service: ${res.exceptionDetails?.text}`);
  return (JSON.parse(String(res.result?.value ?? '[]')) as string[]).map((t) => `[error] ${t}`);
}

/**
 * The same, through a chrome-context evaluator (the e2e Firefox session's `chromeEval`): every
 * "Cross-Origin Request Blocked" line Firefox logged, workers' included, parsed.
 */
export async function consoleServiceCorsLines(chromeEval: <T>(expression: string) => Promise<T>): Promise<FirefoxCorsLine[]> {
  const raw = await chromeEval<string>(`(() => {
    const out = [];
    for (const m of Services.console.getMessageArray() ?? []) {
      const text = m instanceof Ci.nsIScriptError ? m.errorMessage : m.message;
      if (typeof text === 'string' && text.includes('Cross-Origin Request Blocked')) out.push(text);
    }
    return JSON.stringify(out);
  })()`);
  return (JSON.parse(raw) as string[]).flatMap((t) => parseFirefoxCorsLine(t) ?? []);
}
