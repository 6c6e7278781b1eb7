/**
 * scripts/firefox-lint.ts accepts web-ext's UNSAFE_VAR_ASSIGNMENT in the panel bundle as Preact's
 * dangerouslySetInnerHTML path only because our code never takes that path: keep it that way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownCause } from '../../../scripts/firefox-lint';

const SRC = path.resolve(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe('innerHTML stays out of the extension', () => {
  it('no source file passes dangerouslySetInnerHTML or assigns innerHTML/outerHTML', () => {
    const offenders = sourceFiles(SRC).filter((f) => /dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=[^=]|insertAdjacentHTML/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it("the lint classifier accepts Preact's path and nothing else", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-lint-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    const preact = 'x;if(u)s||d&&(u.__html==d.__html||u.__html==e.innerHTML)||(e.innerHTML=u.__html);l==`dangerouslySetInnerHTML`?u=p:0';
    fs.writeFileSync(path.join(dir, 'assets/panel-AbC1.js'), `\n${preact}\n`);
    fs.writeFileSync(path.join(dir, 'assets/panel-XyZ2.js'), `\nel.innerHTML=userValue\n`);
    const at = { code: 'UNSAFE_VAR_ASSIGNMENT', message: 'Unsafe assignment to innerHTML', line: 2, column: 40 };
    expect(knownCause(dir, { ...at, file: 'assets/panel-AbC1.js' })).toMatch(/Preact/);
    expect(knownCause(dir, { ...at, file: 'assets/panel-XyZ2.js' })).toBeUndefined();
    expect(knownCause(dir, { ...at, code: 'UNSAFE_VAR_ASSIGNMENT', file: 'assets/background-AbC1.js' })).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
