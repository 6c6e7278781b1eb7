/**
 * The live state the background sends (exchanges, preserve log, drop counts) and the user's
 * preferences, both from one transport subscription.
 */
import { useCallback, useEffect, useReducer, useState } from 'preact/hooks';
import type { PanelPrefs, ToPanel } from '../../shared/protocol';
import { applyMessage, initialPanelState, type PanelState } from '../state';
import type { PanelTransport } from '../transport';

export interface PanelPrefsControl {
  prefs: PanelPrefs;
  /** Changes one preference here at once and asks the background to keep it. */
  setPref<K extends keyof PanelPrefs>(key: K, value: PanelPrefs[K]): void;
}

export function usePanelState(transport: PanelTransport): { state: PanelState } & PanelPrefsControl {
  const [state, dispatch] = useReducer(applyMessage, initialPanelState);
  const [prefs, setPrefs] = useState<PanelPrefs>({});
  useEffect(
    () =>
      transport.subscribe((m: ToPanel) => {
        if (m.type === 'prefs') setPrefs(m.prefs ?? {});
        else dispatch(m);
      }),
    [transport],
  );
  useEffect(() => transport.send({ type: 'get-prefs' }), [transport]);
  const setPref = useCallback(
    <K extends keyof PanelPrefs>(key: K, value: PanelPrefs[K]) => {
      setPrefs((p) => ({ ...p, [key]: value }));
      transport.send({ type: 'set-prefs', prefs: { [key]: value } });
    },
    [transport],
  );
  return { state, prefs, setPref };
}
