/**
 * The streaming HAR reader gives exactly what `harToObservations(JSON.parse(text))` gives, whatever
 * the chunking, and refuses exactly what JSON.parse refuses.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarFormatError, harToObservations } from '../../../src/sources/har';
import { HarJsonError, HarStreamParser } from '../../../src/sources/har-stream';

const encoder = new TextEncoder();
const fixtureText = (name: string) => fs.readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');

/** Feeds `bytes` in chunks of `size` (the last one shorter). */
function streamed(bytes: Uint8Array, size: number) {
  const parser = new HarStreamParser();
  for (let at = 0; at < bytes.length; at += size) parser.push(bytes.slice(at, at + size));
  return parser.finish();
}

/** What the reader says about `text`: the import, or the error's class and (for HAR errors) message. */
function outcome(read: () => unknown): unknown {
  try {
    return { ok: JSON.parse(JSON.stringify(read())) };
  } catch (e) {
    if (e instanceof HarFormatError) return { har: e.message };
    if (e instanceof HarJsonError || e instanceof SyntaxError) return { json: true };
    throw e;
  }
}
const whole = (text: string) => outcome(() => harToObservations(JSON.parse(text)));
const inChunks = (text: string, size: number) => outcome(() => streamed(encoder.encode(text), size));

describe('reading a HAR as a stream', () => {
  it('matches harToObservations on real exports, for any chunk size', () => {
    for (const name of ['chrome-basic.har', 'firefox-basic.har', 'chromium-lab-concurrent.har']) {
      const text = fixtureText(name);
      const expected = whole(text);
      expect(expected).toHaveProperty('ok');
      for (const size of [1, 2, 3, 7, 64, 4096, text.length]) expect(inChunks(text, size), `${name} in chunks of ${size}`).toEqual(expected);
    }
  });

  it('reads log members in any order: entries before pages and creator (Firefox timing applied at the end)', () => {
    const har = JSON.parse(fixtureText('firefox-basic.har')) as { log: Record<string, unknown> };
    const { entries, ...rest } = har.log;
    const reordered = JSON.stringify({ log: { entries, ...rest } });
    expect(inChunks(reordered, 5)).toEqual(whole(fixtureText('firefox-basic.har')));
  });

  it('accepts a byte order mark, the getHAR() shape and surrounding whitespace', () => {
    const text = fixtureText('chrome-basic.har');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
    expect(outcome(() => streamed(bom, 2))).toEqual(whole(text));
    const log = JSON.stringify((JSON.parse(text) as { log: unknown }).log);
    expect(inChunks(`\n ${log}\r\n\t`, 3)).toEqual(whole(log));
  });

  it('refuses what JSON.parse refuses and says the same about what is not a HAR', () => {
    const cases = [
      '', ' ', '{', '{}', '[]', '[1,2]', 'null', '"log"', '12', 'tru', '{"log":}', '{"log":{}}', '{"log":{"entries":{}}}',
      '{"log":{"entries":[]}}x', '{"log":{"entries":[]}}{}', '{"log":{"entries":[,]}}', '{"log":{"entries":[1,]}}',
      '{"log":{"entries":[1 2]}}', '{"log" {"entries":[]}}', '{"log":{"entries":[]},}', '{log:{}}', '{"log":null}',
      '{"entries":[]}', '{"entries":[{"request":5}]}', '{"log":{"entries":[{"request":5}, }]}}', '{"log":{"entries":[{"request":5}]}}',
      '{"log":{"entries":[]},"log":{"pages":[]}}', '{"a":"\\"}"}', '{"a":"\\u00"}', '{"a":01}', '{"a":-}', '{"a":[}',
    ];
    for (const text of cases) {
      for (const size of [1, 4, 1000]) expect(inChunks(text, size), `${JSON.stringify(text)} in chunks of ${size}`).toEqual(whole(text));
    }
  });

  it('agrees with JSON.parse on mutated HAR text (fuzz)', () => {
    const base = JSON.stringify({ log: { creator: { name: 'WebInspector' }, pages: [{ id: 'p', title: 'https://a.test/' }], entries: [
      { startedDateTime: '2026-01-01T00:00:00Z', time: 3, pageref: 'p', request: { method: 'GET', url: 'https://b.test/"x', headers: [{ name: 'Origin', value: 'https://a.test' }] }, response: { status: 200, headers: [{ name: 'a\\b', value: '}]' }] } },
    ] } });
    const mutation = fc.tuple(fc.nat(base.length), fc.nat(3), fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'x', '1', 'null', ''));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 40 }), (edits, size) => {
        let text = base;
        for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
        expect(inChunks(text, size)).toEqual(whole(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reports where the JSON breaks, by byte offset', () => {
    expect(() => streamed(encoder.encode('{"log":{"entries":[]}} x'), 4)).toThrow(/^Unexpected 'x' at byte 23$/);
    expect(() => streamed(encoder.encode('{"log":{"entries":['), 4)).toThrow(/Unexpected end of JSON input at byte 19/);
  });
});
