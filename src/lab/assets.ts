/**
 * Binary bodies for the subresource scenarios: an image, a font and a sound that the browser
 * really decodes, so a load that passes CORS also ends in `load` (not in a decode error that
 * would look like a failure to the page). Built or read once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabAssetName } from './scenario-types';

export interface LabAsset {
  contentType: string;
  bytes: Buffer;
}

/** A 1×1 transparent PNG. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** 0.2 s of silence, 8 kHz mono 8-bit PCM: the smallest sound every browser plays. */
function silentWav(): Buffer {
  const samples = 1600;
  const b = Buffer.alloc(44 + samples, 0x80);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24); // sample rate
  b.writeUInt32LE(8000, 28); // byte rate
  b.writeUInt16LE(1, 32); // block align
  b.writeUInt16LE(8, 34); // bits per sample
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(samples, 40);
  return b;
}

const cache = new Map<LabAssetName, LabAsset>();

function build(name: LabAssetName): LabAsset {
  switch (name) {
    case 'png':
      return { contentType: 'image/png', bytes: Buffer.from(PNG_1X1, 'base64') };
    case 'wav':
      return { contentType: 'audio/wav', bytes: silentWav() };
    case 'font':
      return { contentType: 'font/woff2', bytes: readFileSync(fileURLToPath(new URL('./assets/lab-font.woff2', import.meta.url))) };
  }
}

export function labAsset(name: LabAssetName): LabAsset {
  let a = cache.get(name);
  if (!a) cache.set(name, (a = build(name)));
  return a;
}
