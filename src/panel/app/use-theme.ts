/** Follows DevTools' theme: the transport says which, the document's data-theme applies it. */
import { useEffect, useState } from 'preact/hooks';
import type { PanelTransport, Theme } from '../transport';

export function useTheme(transport: PanelTransport): void {
  const [theme, setTheme] = useState<Theme>(() => transport.theme());
  useEffect(() => transport.onThemeChange(setTheme), [transport]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
  }, [theme]);
}
