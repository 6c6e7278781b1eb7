/**
 * Reading the CORS panel's exchange list, the same way in Chromium and Firefox: one row per
 * exchange, identified by its data attributes (src/panel/ExchangeList.tsx).
 */
import { waitFor } from './wait';

export interface PanelRow {
  /** `data-exchange-url`: the URL the page asked for (first hop). */
  url: string;
  /** `data-outcome`: allowed | blocked | opaque | network-error | … */
  outcome: string;
  /** `data-reason`: the reason id (src/core/reasons.ts). */
  reason: string;
  /** `data-cors-error`: Chromium's CorsError name, empty when none. */
  corsError: string;
  /** The row's visible text, whitespace collapsed. */
  text: string;
}

/** Evaluated in the panel page; returns PanelRow[]. */
export const ROWS_EXPRESSION = `[...document.querySelectorAll('[data-exchange-url]')].map((el) => ({
  url: el.getAttribute('data-exchange-url') ?? '',
  outcome: el.getAttribute('data-outcome') ?? '',
  reason: el.getAttribute('data-reason') ?? '',
  corsError: el.getAttribute('data-cors-error') ?? '',
  text: (el.innerText ?? el.textContent ?? '').replace(/\\s+/g, ' ').trim(),
}))`;

/** Polls `read` until `accept` holds; on timeout the error lists the rows last seen. */
export async function pollRows(
  read: () => Promise<PanelRow[]>,
  accept: (rows: PanelRow[]) => boolean,
  message: string,
  timeout: number,
): Promise<PanelRow[]> {
  let last: PanelRow[] = [];
  try {
    return await waitFor(
      async () => {
        last = await read();
        return accept(last) ? last : null;
      },
      { message, timeout, interval: 150 },
    );
  } catch (err) {
    const shown = last.slice(0, 40).map((r) => `  ${r.outcome} ${r.reason} ${r.corsError} ${r.url}`);
    throw new Error(`${(err as Error).message.split('; last seen')[0]}; the panel had ${last.length} rows:\n${shown.join('\n')}`);
  }
}
