/**
 * The fix engine is a chunk of its own: fetch it once the list is up, before anyone asks, so that
 * opening a fix does not wait for it.
 */
import { useEffect, useState } from 'preact/hooks';
import { loadFixEngine, type FixEngine } from '../use-fix-engine';

export function usePrefetchedFixEngine(): FixEngine | undefined {
  const [fixEngine, setFixEngine] = useState<FixEngine | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => void loadFixEngine().then((m) => live && setFixEngine(m)), 50);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, []);
  return fixEngine;
}
