/**
 * Reading Firefox's event page (the extension background) from the privileged chrome context.
 * BiDi cannot reach moz-extension contexts (feasibility, Firefox §4), so, as for the panel, a frame
 * script is loaded into the background page's <browser> and evaluates there, in a sandbox whose
 * prototype is the page (so `self.__corsLens` is the background's test hooks). The page must be
 * running: `readBackground` wakes it the way a user's traffic does (a request), then reads.
 */
import type { FirefoxSession } from './firefox';
import { HANG_GUARD_MS } from './wait';

const EXTENSION = (id: string) => `(() => {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  return ExtensionParent.GlobalManager.getExtension(${JSON.stringify(id)});
})()`;

/** 'running' | 'suspending' | 'stopped' | … (Firefox's own name for the event page's state). */
export function backgroundState(session: FirefoxSession): Promise<string> {
  return session.chromeEval<string>(`String(${EXTENSION(session.extensionId)}.backgroundState)`);
}

/**
 * Evaluates `expression` (it may return a promise) in the running background page and returns its
 * value, JSON-serialised there. Throws when the event page is not running.
 */
export async function evaluateInBackground<T>(session: FirefoxSession, expression: string): Promise<T> {
  const script = `const sb = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
    let p;
    try { p = Promise.resolve(Components.utils.evalInSandbox(${JSON.stringify(`Promise.resolve(${expression}).then((v) => JSON.stringify({ v: v === undefined ? null : v }), (e) => JSON.stringify({ e: String(e && e.stack || e) }))`)}, sb)); }
    catch (e) { p = Promise.resolve(JSON.stringify({ e: String(e) })); }
    p.then((s) => sendAsyncMessage(NAME, s), (e) => sendAsyncMessage(NAME, JSON.stringify({ e: String(e) })));`;
  const raw = await session.chromeEval<string>(`(async () => {
    const ext = ${EXTENSION(session.extensionId)};
    // Never wakeupBackground(): called on a page that is suspending, it hung the chrome realm for
    // good (every later evaluation timed out). The caller wakes the page with a request instead.
    const view = ext.backgroundState === "running" && [...ext.views].reverse().find((v) => v.viewType === "background" && v.xulBrowser && !v.unloaded);
    if (!view) return JSON.stringify({ e: "the event page is not running (" + ext.backgroundState + ")", asleep: true });
    const mm = view.xulBrowser.messageManager, name = "cors-lens-bg:" + Math.random();
    return await new Promise((resolve) => {
      // No time limit (a loaded machine may take seconds to run a frame script): the answer comes,
      // or the page stops meanwhile and never will — which is watched for, and then woken again.
      const t = setInterval(() => {
        if (!view.unloaded && ext.backgroundState === "running") return;
        clearInterval(t);
        resolve(JSON.stringify({ e: "the event page is not running (it stopped while being read: " + ext.backgroundState + ")", asleep: true }));
      }, 50);
      mm.addMessageListener(name, function l(m) { clearInterval(t); mm.removeMessageListener(name, l); resolve(m.data); });
      mm.loadFrameScript("data:," + encodeURIComponent("const NAME = " + JSON.stringify(name) + ";" + ${JSON.stringify(script)}), false);
    });
  })()`);
  const parsed = JSON.parse(raw) as { v?: T; e?: string };
  if (parsed.e !== undefined) throw new Error(`background evaluate: ${parsed.e}`);
  return parsed.v as T;
}

/**
 * Like evaluateInBackground, retried until it succeeds: while the event page is suspended, `wake`
 * (a request from a page) starts it. With a 1 s idle timeout it may suspend again between tries.
 */
export async function readBackground<T>(session: FirefoxSession, expression: string, wake: () => Promise<unknown>, timeout = HANG_GUARD_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await evaluateInBackground<T>(session, expression);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      if (/not running/.test(String(err))) await wake();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
