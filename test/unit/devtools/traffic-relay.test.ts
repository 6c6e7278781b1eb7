import { describe, expect, it } from 'vitest';
import { TrafficRelay } from '../../../src/devtools/traffic-relay';
import type { InspectedTraffic } from '../../../src/platform/inspected-traffic';

describe('TrafficRelay (the DevTools window’s one onRequestFinished listener, while the CORS panel is shown)', () => {
  it('passes on navigations and the first request to each origin since the last one', () => {
    const sent: InspectedTraffic[] = [];
    const relay = new TrafficRelay((m) => sent.push(m));
    relay.navigated('http://localhost:5173/');
    for (let i = 0; i < 700; i++) relay.finished(`http://localhost:5173/src/c${i}.jsx`);
    relay.finished('https://api.example.com/items');
    relay.finished('https://api.example.com/other');
    relay.finished('not a url');
    relay.navigated('http://localhost:5173/again');
    relay.finished('https://api.example.com/items');
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
    for (let i = 0; i < 600; i++) relay.finished(`https://h${i}.example/`);
    expect(sent).toHaveLength(500);
  });
});
