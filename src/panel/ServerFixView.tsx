/**
 * "Fix this server": the bar above the list (which servers need a fix, cheaply) and the hooks
 * that compute one server's merged, proven fix. The view itself is ServerFixDetail.tsx, in the
 * lazily loaded fix-engine chunk.
 */
import { useMemo } from 'preact/hooks';
import type { AnalyzedExchange, BrowserId } from '../core/model';
import type { ServerFix } from '../core/server-fix/servers';
import { serversNeedingFix, type ServerSummary } from '../core/server-fix/summary';
import type { FixEngine } from './use-fix-engine';

/** Exchanges still in flight have no verdict yet: they are part of no server's fix. */
const settled = (list: readonly AnalyzedExchange[]) => list.filter((a) => !a.exchange.inFlight);

/** The servers that need a fix: cheap, recomputed as rows arrive. */
export function useServersNeedingFix(list: readonly AnalyzedExchange[]): ServerSummary[] {
  return useMemo(() => serversNeedingFix(settled(list)), [list]);
}

/** One server's merged, proven fix: computed only while its view is open. */
export function useServerFix(engine: FixEngine | undefined, list: readonly AnalyzedExchange[], origin: string | undefined, browser: BrowserId): ServerFix | undefined {
  return useMemo(() => (engine && origin !== undefined ? engine.serverFixFor(settled(list), origin, browser) : undefined), [engine, list, origin, browser]);
}

/** One button per server that needs a fix, above the list. */
export function ServerFixBar({ fixes, selected, onSelect }: { fixes: ServerSummary[]; selected: string | undefined; onSelect(origin: string): void }) {
  if (fixes.length === 0) return null;
  return (
    <div class="server-fix-bar" role="group" aria-label="Fix per server" data-testid="server-fix-bar">
      <span class="server-fix-bar-label">Fix this server:</span>
      {fixes.map((f) => (
        <button
          type="button"
          key={f.origin}
          class={`tool-button server-fix-button${selected === f.origin ? ' active' : ''}`}
          data-action="fix-server"
          data-origin={f.origin}
          aria-pressed={selected === f.origin}
          onClick={() => onSelect(f.origin)}
        >
          {f.origin} <span class="server-fix-count">{f.blocked ? `${f.blocked} blocked` : `${f.warned} warned`}</span>
        </button>
      ))}
    </div>
  );
}

