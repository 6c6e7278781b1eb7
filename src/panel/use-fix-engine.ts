/** Loads the fix engine chunk once and hands it to components (undefined until it is there). */
import { useEffect, useState } from 'preact/hooks';

export type FixEngine = typeof import('./fix-engine');

let loaded: FixEngine | undefined;
let loading: Promise<FixEngine> | undefined;

export function loadFixEngine(): Promise<FixEngine> {
  loading ??= import('./fix-engine').then((m) => (loaded = m));
  return loading;
}

export function useFixEngine(): FixEngine | undefined {
  const [engine, setEngine] = useState<FixEngine | undefined>(loaded);
  useEffect(() => {
    if (engine) return;
    let live = true;
    void loadFixEngine().then((m) => live && setEngine(m));
    return () => {
      live = false;
    };
  }, [engine]);
  return engine;
}
