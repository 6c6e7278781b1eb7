/**
 * The panel outside the extension, for fast UI tests and design work: a plain page with a fake
 * transport. Serve it with `npm run dev` and open http://localhost:5173/src/panel/inline.html
 * (`?theme=dark` for the dark theme). Not part of the extension build.
 *
 * Tests drive it through `window.corsLensInline`:
 *   emit(message)   push a background → panel message (see src/background/protocol.ts)
 *   sent            the messages the panel sent (clear, set-preserve-log)
 *   setTheme(t)     'default' | 'dark'
 */
import { render } from 'preact';
import { App } from './App';
import { FakeTransport } from './transport';
import './panel.css';

const theme = new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'default';
// A tiny fake background: Clear and Preserve log answer the way the real one does.
const transport = new FakeTransport(theme, (message, t) => {
  if (message.type === 'clear') t.emit({ type: 'clear', reason: 'user' });
  if (message.type === 'set-preserve-log') t.emit({ type: 'state', preserveLog: message.value, dropped: 0 });
});
(globalThis as { corsLensInline?: unknown }).corsLensInline = {
  emit: (m: Parameters<FakeTransport['emit']>[0]) => transport.emit(m),
  sent: transport.sent,
  setTheme: (t: 'default' | 'dark') => transport.setTheme(t),
};
render(<App transport={transport} />, document.getElementById('app') as HTMLElement);
