/**
 * How the panel talks to the background, as plain data. Components only see this interface; the
 * extension implementation (port-transport.ts) is the one place that touches the platform, and
 * FakeTransport lets the panel run inline in a plain page and in component tests.
 */
import type { FromPanel, ToPanel } from '../shared/protocol';

export type Theme = 'default' | 'dark';

export interface PanelTransport {
  /** Receives every message from the background; returns an unsubscribe function. */
  subscribe(listener: (message: ToPanel) => void): () => void;
  send(message: FromPanel): void;
  /** The DevTools theme now, and a way to hear about changes (Firefox reports them). */
  theme(): Theme;
  onThemeChange(listener: (theme: Theme) => void): void;
}

/** In-memory transport: tests and the inline page push messages with `emit` and read `sent`. */
export class FakeTransport implements PanelTransport {
  readonly sent: FromPanel[] = [];
  private readonly listeners = new Set<(message: ToPanel) => void>();
  private readonly themeListeners = new Set<(theme: Theme) => void>();

  constructor(
    private currentTheme: Theme = 'default',
    /** Called on each `send`, so a fake background can answer. */
    private readonly onSend?: (message: FromPanel, transport: FakeTransport) => void,
  ) {}

  subscribe(listener: (message: ToPanel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: FromPanel): void {
    this.sent.push(message);
    this.onSend?.(message, this);
  }

  emit(message: ToPanel): void {
    for (const l of this.listeners) l(message);
  }

  theme(): Theme {
    return this.currentTheme;
  }

  onThemeChange(listener: (theme: Theme) => void): void {
    this.themeListeners.add(listener);
  }

  setTheme(theme: Theme): void {
    this.currentTheme = theme;
    for (const l of this.themeListeners) l(theme);
  }
}
