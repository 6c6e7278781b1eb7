/**
 * Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium's screenshots are) into raw pixels,
 * and counts the pixels two such images differ in. Enough for scripts/screenshots.ts to tell a
 * real change from a few anti-aliased pixels; not a general PNG reader.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

export function decodePng(png: Buffer): Pixels | undefined {
  if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) return undefined;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let p = 8; p + 8 <= png.length; ) {
    const length = png.readUInt32BE(p);
    const type = png.toString('ascii', p + 4, p + 8);
    const body = png.subarray(p + 8, p + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) return undefined;
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    p += 12 + length;
  }
  if (!channels) return undefined;
  return { width, height, channels, data: unfilter(inflateSync(Buffer.concat(idat)), width, height, channels) };
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const corner = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let v = raw[line + x]!;
      if (filter === 1) v += left;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  return out;
}

/**
 * Pixels that differ by more than `tolerance` levels in some channel, or Infinity when the images
 * cannot be compared (size, format). Anti-aliased edges of the same picture differ by a few levels.
 */
export function differingPixels(a: Buffer, b: Buffer, tolerance = 0): number {
  if (a.equals(b)) return 0;
  const [pa, pb] = [decodePng(a), decodePng(b)];
  if (!pa || !pb || pa.width !== pb.width || pa.height !== pb.height || pa.channels !== pb.channels) return Infinity;
  let count = 0;
  for (let i = 0; i < pa.data.length; i += pa.channels) {
    for (let c = 0; c < pa.channels; c++) {
      if (Math.abs(pa.data[i + c]! - pb.data[i + c]!) > tolerance) {
        count++;
        break;
      }
    }
  }
  return count;
}
