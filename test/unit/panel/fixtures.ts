/** Real exported HARs (test/fixtures/har), analysed as the panel and the CLI analyse them. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, BrowserId } from '../../../src/core/model';
import { harToObservations } from '../../../src/sources/har';

const HAR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/har');

export function harText(name: 'chrome-basic.har' | 'firefox-basic.har'): string {
  return fs.readFileSync(path.join(HAR_DIR, name), 'utf8');
}

export function analyzedFixture(name: 'chrome-basic.har' | 'firefox-basic.har', browser: BrowserId = name.startsWith('chrome') ? 'chrome' : 'firefox'): AnalyzedExchange[] {
  return analyze(harToObservations(JSON.parse(harText(name))).observations, { browser });
}

export function byReason(list: AnalyzedExchange[], reason: string): AnalyzedExchange {
  const a = list.find((x) => x.verdict.reason === reason);
  if (!a) throw new Error(`no exchange with reason ${reason}: ${list.map((x) => x.verdict.reason).join(', ')}`);
  return a;
}
