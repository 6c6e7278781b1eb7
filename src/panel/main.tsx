/** Panel entry inside DevTools: connects to the background for the inspected tab. */
import { render } from 'preact';
import { inspectedTabId } from '../platform/devtools';
import { App } from './App';
import { ExtensionAccess } from './extension-access';
import { PortTransport } from './port-transport';
import './panel.css';

const tabId = inspectedTabId();
const root = document.getElementById('app') as HTMLElement;
if (tabId === undefined) {
  root.textContent = 'CORS Lens: this page only works inside DevTools (no inspected tab).';
} else {
  render(<App transport={new PortTransport(tabId)} access={new ExtensionAccess()} />, root);
}
