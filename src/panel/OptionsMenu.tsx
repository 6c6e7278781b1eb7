/**
 * The toolbar's "Options" menu: the two opt-ins, each with what it buys and costs written next to
 * it (not only in a tooltip): "Read calls inside the page" and "Record in the background".
 */
import { MenuButton } from './MenuButton';

/** What turning the page hooks on buys and costs (measured: test/e2e/transparency.test.ts). */
export const PAGE_HOOKS_COST =
  'Wraps fetch, XMLHttpRequest and EventSource in the pages of tabs DevTools is open on (by site, from their next load; ' +
  'every site with "Record in the background") to learn each call\'s credentials mode, ' +
  'mode and how it failed, so verdicts rest on what the page did instead of inference. The page can notice: every ' +
  'error those APIs throw gets an extra CORS Lens stack frame (error trackers such as Sentry with extension ' +
  'filters then drop it), the wrapped functions print without their names, a failed fetch settles one microtask later ' +
  'and DevTools shows CORS Lens as the initiator.';

/**
 * What "Record in the background" costs, stated where it is turned on. Figures: bench/dev-app.ts
 * in Chromium 156 (a Vite 8 + React dev app, 712 requests per load, DevTools closed; the latest
 * run in docs/benchmarks.md), and bench/page-overhead.ts ("page load + 1000 cross-origin fetches").
 */
export const BACKGROUND_RECORDING_COST =
  'Records every tab from browser start, so requests made while DevTools was closed are listed when you open it. ' +
  'It costs every page load, DevTools open or not: every request is handed to CORS Lens with its headers. Measured ' +
  'in Chromium on a Vite dev app of 712 requests: cold loads 1.4× slower, each reload 1.6× (off, DevTools closed: ' +
  '1.04× and 1.07×); a page making 1,000 cross-origin fetches about 1.9× slower (bench/page-overhead.ts, docs/benchmarks.md). ' +
  'Off: CORS Lens records a tab only while its DevTools is open and just counts failures elsewhere.';

export interface OptionsMenuProps {
  pageHooks: boolean;
  onPageHooks(value: boolean): void;
  backgroundRecording: boolean;
  onBackgroundRecording(value: boolean): void;
}

export function OptionsMenu(p: OptionsMenuProps) {
  const on = (p.pageHooks ? 1 : 0) + (p.backgroundRecording ? 1 : 0);
  const option = (action: string, label: string, checked: boolean, cost: string, onChange: (value: boolean) => void) => (
    <label class="menu-check menu-option" title={cost}>
      <input type="checkbox" data-action={action} checked={checked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
      {label}
      <span class="menu-hint">{cost}</span>
    </label>
  );
  return (
    <MenuButton
      action="options"
      title="Read calls inside the page, Record in the background"
      label={`Options${on > 0 ? ` (${on} on)` : ''}`}
      menuLabel="Options"
      menuClass="menu-options"
    >
      {() => (
        <>
          {option('page-hooks', 'Read calls inside the page', p.pageHooks, PAGE_HOOKS_COST, p.onPageHooks)}
          {option('background-recording', 'Record in the background', p.backgroundRecording, BACKGROUND_RECORDING_COST, p.onBackgroundRecording)}
        </>
      )}
    </MenuButton>
  );
}
