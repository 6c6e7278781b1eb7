import { describe, expect, it } from 'vitest';
import { TrafficRelay } from '../../../src/devtools/traffic-relay';
import type { InspectedTraffic } from '../../../src/platform/inspected-traffic';

describe('TrafficRelay (the DevTools window’s one onRequestFinished listener)', () => {
  it('passes on navigations and the first request to each origin since the last one', () => {
    const sent: InspectedTraffic[] = [];
    const relay = new TrafficRelay((m) => sent.push(m));
    relay.navigated('http://localhost:5173/');
    for (let i = 0; i < 700; i++) relay.finished(`http://localhost:5173/src/c${i}.jsx`, false);
    relay.finished('https://api.example.com/items', false);
    relay.finished('https://api.example.com/other', false);
    relay.finished('not a url', false);
    relay.navigated('http://localhost:5173/again');
    relay.finished('https://api.example.com/items', false);
    expect(sent).toEqual([
      { type: 'navigated', url: 'http://localhost:5173/' },
      { type: 'request', url: 'http://localhost:5173/src/c0.jsx' },
      { type: 'request', url: 'https://api.example.com/items' },
      { type: 'navigated', url: 'http://localhost:5173/again' },
      { type: 'request', url: 'https://api.example.com/items' },
    ]);
  });

  it('stops at 500 origins per document', () => {
    const sent: InspectedTraffic[] = [];
    const relay = new TrafficRelay((m) => sent.push(m));
    for (let i = 0; i < 600; i++) relay.finished(`https://h${i}.example/`, false);
    expect(sent).toHaveLength(500);
  });

  it('tells about a service worker answer once, and only when asked to', () => {
    let told = 0;
    const relay = new TrafficRelay(() => undefined, () => told++);
    relay.finished('http://localhost:5173/a', false);
    expect(told).toBe(0);
    relay.finished('http://localhost:5173/b', true);
    relay.serviceWorkerSeen();
    relay.finished('http://localhost:5173/c', true);
    expect(told).toBe(1);
    const quiet = new TrafficRelay(() => undefined);
    expect(() => quiet.finished('http://localhost:5173/b', true)).not.toThrow();
  });
});
