/**
 * The hostile page of issue 15, for the e2e test and the benchmark: frames that flood page-hint
 * records after swapping the DOM constructors the page-side script once looked up late.
 */
import type { Frame, Page } from 'playwright-core';

/** Adds `count` frames to the page (documents of its origin: the lab page itself may not be framed). */
export async function openFloodFrames(page: Page, pageUrl: string, count: number): Promise<Frame[]> {
  await page.evaluate(`(async () => {
    await Promise.all(Array.from({ length: ${count} }, (_, i) => new Promise((resolve) => {
      const f = document.createElement('iframe');
      f.src = ${JSON.stringify(pageUrl)} + 'flood-frame?flood=' + i;
      f.onload = resolve;
      document.body.append(f);
    })));
  })()`);
  return page.frames().filter((f) => f.url().includes('?flood='));
}

/**
 * Runs in each frame of the hostile tab: swaps the constructors the page-side script once looked
 * up late, then makes cross-origin `fetch` calls that reject at once (`mode: 'same-origin'`, no
 * network), each one a page-hint record with a long URL and header names (a batch of them still
 * within what the relay accepts: 200,000 characters), until told to stop.
 */
export const floodExpression = (api: string): string => `(() => {
  const NativeCustom = window.CustomEvent, NativeMouse = window.MouseEvent;
  window.__stolen = 0;
  window.CustomEvent = function (type, init) { window.__stolen++; return new NativeCustom(type, init); };
  window.MouseEvent = function (type, init) { if (init && init.relatedTarget) window.__port = init.relatedTarget; return new NativeMouse(type, init); };
  const headers = {};
  for (let i = 0; i < 12; i++) headers['x-forged-' + i + '-' + 'h'.repeat(40)] = '1';
  let n = 0;
  window.__flood = true;
  window.__calls = 0;
  const tick = () => {
    if (!window.__flood) return;
    for (let i = 0; i < 100; i++) {
      window.__calls++;
      fetch(${JSON.stringify(api)} + '/forged/' + (n++) + '?' + 'q'.repeat(600), { mode: 'same-origin', credentials: 'include', headers }).catch(() => 0);
    }
    // Had the page got hold of the private port, it would have written records straight into it.
    if (window.__port) window.__port.dispatchEvent(new NativeCustom('cors-lens:records', { detail: JSON.stringify([]) }));
    setTimeout(tick, 0);
  };
  tick();
  return true;
})()`;

