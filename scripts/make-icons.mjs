// Draws the extension icons (public/icons/icon-{16,32,48,128}.png) on a canvas in headless
// Chromium: a magnifying lens over the word CORS (a bold "C" at the small sizes, where four
// letters would be mush). Run once after changing the design: node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = [16, 32, 48, 128];
const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });

function draw(size) {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d');
  const s = size / 128; // design grid is 128 × 128
  // Lens: a thick ring with a light glass fill, handle to the bottom right.
  g.lineCap = 'round';
  g.strokeStyle = '#174ea6';
  g.lineWidth = 16 * s;
  g.beginPath();
  g.moveTo(86 * s, 86 * s);
  g.lineTo(116 * s, 116 * s);
  g.stroke();
  g.beginPath();
  g.arc(54 * s, 54 * s, 44 * s, 0, Math.PI * 2);
  g.fillStyle = '#e8f0fe';
  g.fill();
  g.lineWidth = (size <= 16 ? 14 : 11) * s;
  g.strokeStyle = '#1a73e8';
  g.stroke();
  // Text inside the glass.
  const text = size >= 48 ? 'CORS' : 'C';
  g.fillStyle = '#c5221f';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const px = size >= 48 ? 27 * s : 58 * s;
  g.font = `800 ${px}px "DejaVu Sans", Arial, sans-serif`;
  g.fillText(text, 54 * s, 56 * s, 74 * s);
  return c.toDataURL('image/png');
}

const profile = mkdtempSync(join(tmpdir(), 'cors-lens-icons-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    const url = await page.evaluate(draw, size);
    const file = new URL(`icon-${size}.png`, out);
    writeFileSync(file, Buffer.from(url.split(',')[1], 'base64'));
    console.log('wrote', file.pathname);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
