/**
 * Elements with a crossorigin attribute report their credentials mode (what no network API says),
 * once per element and URL, when they fire load or error; elements without it report nothing.
 * happy-dom does not load subresources, so the tests fire the element's events themselves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Window as HappyWindow } from 'happy-dom';
import { installPageHooks } from '../../../src/content/page-world/install';
import type { PageRecord } from '../../../src/sources/page-hints';

type Win = Window & typeof globalThis;
const API = 'http://127.0.0.1:47990';
const windows: HappyWindow[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

function hooked(): { w: Win; records: PageRecord[] } {
  const hw = new HappyWindow({ url: 'http://localhost:47991/page' });
  windows.push(hw);
  const w = hw as unknown as Win;
  const records: PageRecord[] = [];
  installPageHooks(w, { emit: (r) => records.push(r) });
  return { w, records };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('element hints', () => {
  it('new Image() with crossOrigin use-credentials: include, reported at load', async () => {
    const { w, records } = hooked();
    const img = new w.Image();
    img.crossOrigin = 'use-credentials';
    img.src = `${API}/a.png`;
    expect(records).toEqual([]);
    img.dispatchEvent(new w.Event('load'));
    img.dispatchEvent(new w.Event('load'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'element', url: `${API}/a.png`, method: 'GET', mode: 'cors', credentials: 'include', outcome: 'resolved' });
  });

  it('a parser-inserted <video crossorigin> is anonymous (same-origin credentials); its error is reported', async () => {
    const { w, records } = hooked();
    w.document.body.innerHTML = `<div><video crossorigin src="${API}/v.wav"></video></div>`;
    await settle();
    const video = w.document.querySelector('video')!;
    video.dispatchEvent(new w.Event('error'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'element', credentials: 'same-origin', outcome: 'rejected', error: 'Event' });
  });

  it('setAttribute works too, and an element without crossorigin reports nothing', async () => {
    const { w, records } = hooked();
    const plain = w.document.createElement('img');
    plain.src = `${API}/plain.png`;
    plain.dispatchEvent(new w.Event('load'));
    const s = w.document.createElement('script');
    s.setAttribute('crossorigin', 'use-credentials');
    s.setAttribute('src', `${API}/m.js`);
    s.dispatchEvent(new w.Event('load'));
    expect(records.map((r) => [r.url, r.credentials])).toEqual([[`${API}/m.js`, 'include']]);
  });

  it('same-origin elements that load are not worth a message', async () => {
    const { w, records } = hooked();
    const img = new w.Image();
    img.crossOrigin = 'anonymous';
    img.src = '/same.png';
    img.dispatchEvent(new w.Event('load'));
    expect(records).toEqual([]);
  });

  it('the wrapped setters keep their names and the page sees the attribute it set', () => {
    const { w } = hooked();
    const d = Object.getOwnPropertyDescriptor(w.HTMLImageElement.prototype, 'src');
    expect(d?.set?.name).toMatch(/src/);
    const img = new w.Image();
    img.src = `${API}/x.png`;
    expect(img.getAttribute('src')).toBe(`${API}/x.png`);
  });
});
