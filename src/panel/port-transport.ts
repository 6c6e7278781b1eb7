/**
 * The extension transport: a runtime port named `panel:<tabId>` to the background. Chrome drops
 * ports when it stops the service worker, so the port reconnects on disconnect (the background
 * answers every new connection with a fresh snapshot, which replaces the panel's list).
 */
import { panelPortName, type FromPanel, type ToPanel } from '../shared/protocol';
import { onThemeChanged, themeName } from '../platform/devtools';
import { connectPort, type PortLike } from '../platform/ports';
import type { PanelTransport, Theme } from './transport';

export class PortTransport implements PanelTransport {
  private port: PortLike<ToPanel, FromPanel> | undefined;
  private readonly listeners = new Set<(message: ToPanel) => void>();
  private retries = 0;

  constructor(private readonly tabId: number) {}

  private connect(): void {
    const port = connectPort<ToPanel, FromPanel>(panelPortName(this.tabId));
    this.port = port;
    port.onMessage((message) => {
      this.retries = 0;
      for (const l of this.listeners) l(message);
    });
    port.onDisconnect(() => {
      if (this.port !== port) return;
      this.port = undefined;
      // Back off a little if the background keeps refusing (e.g. the extension was reloaded).
      const delay = Math.min(2000, 50 * 2 ** this.retries++);
      setTimeout(() => {
        if (!this.port) this.connect();
      }, delay);
    });
  }

  subscribe(listener: (message: ToPanel) => void): () => void {
    this.listeners.add(listener);
    // Connect on the first subscriber: the snapshot is the first message and must not be missed.
    if (!this.port) this.connect();
    return () => this.listeners.delete(listener);
  }

  send(message: FromPanel): void {
    try {
      this.port?.post(message);
    } catch {
      // Disconnected; the reconnect brings a snapshot with the background's state.
    }
  }

  theme(): Theme {
    return themeName();
  }

  onThemeChange(listener: (theme: Theme) => void): void {
    onThemeChanged(listener);
  }
}
