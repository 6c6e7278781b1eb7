/**
 * The panel outside the extension, for fast UI tests and design work: a plain page with a fake
 * transport. Serve it with `npm run dev` and open http://localhost:5173/src/panel/inline.html
 * (`?theme=dark` for the dark theme). Not part of the extension build.
 *
 * Tests drive it through `window.corsLensInline`:
 *   emit(message)   push a background → panel message (see src/background/protocol.ts)
 *   sent            the messages the panel sent (clear, set-preserve-log, get-prefs, set-prefs)
 *   setTheme(t)     'default' | 'dark'
 * The fake background keeps the panel's prefs in this page's localStorage, as the real one keeps
 * them in storage.local.
 */
import { render } from 'preact';
import type { PanelPrefs } from '../shared/protocol';
import { App } from './App';
import { FakeTransport } from './transport';
import './panel.css';

const theme = new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'default';
const PREFS_KEY = 'cors-lens-inline-prefs';
function loadPrefs(): PanelPrefs {
  try {
    return JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as PanelPrefs;
  } catch {
    return {};
  }
}
// A tiny fake background: Clear, Preserve log and prefs answer the way the real one does.
const transport = new FakeTransport(theme, (message, t) => {
  if (message.type === 'clear') t.emit({ type: 'clear', reason: 'user' });
  if (message.type === 'set-preserve-log') t.emit({ type: 'state', preserveLog: message.value, dropped: 0 });
  if (message.type === 'get-prefs') queueMicrotask(() => t.emit({ type: 'prefs', prefs: loadPrefs() }));
  if (message.type === 'set-prefs') {
    const prefs = { ...loadPrefs(), ...message.prefs };
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
    } catch {
      // Storage may be off in a sandboxed page: the choice then lasts for this page only.
    }
    queueMicrotask(() => t.emit({ type: 'prefs', prefs }));
  }
});
(globalThis as { corsLensInline?: unknown }).corsLensInline = {
  emit: (m: Parameters<FakeTransport['emit']>[0]) => transport.emit(m),
  sent: transport.sent,
  setTheme: (t: 'default' | 'dark') => transport.setTheme(t),
};
render(<App transport={transport} />, document.getElementById('app') as HTMLElement);
