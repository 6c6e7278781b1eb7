import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, differingPixels } from '../../../scripts/png-pixels';

/** A minimal RGBA PNG, every row with the given filter type (CRCs are not checked by the reader). */
function png(width: number, rows: number[][], filter = 0): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, body, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.concat(rows.map((r) => Buffer.from([filter, ...r])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('screenshot pixel comparison', () => {
  const red = [255, 0, 0, 255];
  const blue = [0, 0, 255, 255];
  it('decodes unfiltered and Sub-filtered rows to the same pixels', () => {
    const plain = decodePng(png(2, [[...red, ...blue]]));
    // Sub filter: the second pixel is stored as the difference to the first.
    const sub = decodePng(png(2, [[...red, 0 - 255 + 256, 0, 255, 0]], 1));
    expect(plain?.data).toEqual(Buffer.from([...red, ...blue]));
    expect(sub?.data).toEqual(plain?.data);
  });
  it('counts differing pixels, and cannot compare images of other sizes', () => {
    const a = png(2, [[...red, ...blue], [...red, ...red]]);
    const b = png(2, [[...red, ...red], [...red, ...red]]);
    expect(differingPixels(a, a)).toBe(0);
    expect(differingPixels(a, b)).toBe(1);
    expect(differingPixels(a, png(1, [red]))).toBe(Infinity);
    // A slightly different shade is anti-aliasing noise within a tolerance, not a change.
    const shaded = png(2, [[...red, 3, 0, 250, 255], [...red, ...red]]);
    expect(differingPixels(a, shaded)).toBe(1);
    expect(differingPixels(a, shaded, 8)).toBe(0);
    expect(differingPixels(a, Buffer.from('not a png'))).toBe(Infinity);
  });
});
