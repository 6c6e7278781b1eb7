/**
 * From a browser-neutral problem to one engine's finding: the browser's message table fills in
 * what its console messages are made of. The only place that picks a table by browser.
 */
import type { BrowserId } from '../model';
import type { Check, CheckTable, Finding, FirefoxLine, Problem, SafariLine } from '../rules/types';
import { CHROME_ERRORS } from './chrome-table';
import { FIREFOX_LINES } from './firefox-table';
import { SAFARI_LINES } from './safari-table';

interface MessagePieces {
  corsError: string | null;
  failedParameter?: string | undefined;
  firefoxLines?: FirefoxLine[] | undefined;
  safari?: SafariLine | null | undefined;
}

function row<T>(table: CheckTable<T>, check: Check, p: Problem): T {
  return (table[check.kind] as (c: Check, p: Problem) => T)(check, p);
}

const PIECES: Readonly<Record<BrowserId, (check: Check, p: Problem) => MessagePieces>> = {
  chrome: (check, p) => {
    const error = row(CHROME_ERRORS, check, p);
    return error ? { corsError: error.corsError, failedParameter: error.failedParameter } : { corsError: null };
  },
  firefox: (check, p) => ({ corsError: null, firefoxLines: row(FIREFOX_LINES, check, p) }),
  safari: (check, p) => ({ corsError: null, safari: row(SAFARI_LINES, check, p) }),
};

/** The engine's finding for a problem. Every field is set in one fixed order (one object shape). */
export function renderFinding(browser: BrowserId, p: Problem): Finding {
  const check = p.check;
  const pieces: MessagePieces = check ? PIECES[browser](check, p) : { corsError: null };
  return {
    browser,
    outcome: p.outcome,
    reason: p.reason,
    phase: p.phase,
    hop: p.hop,
    check,
    corsError: pieces.corsError,
    // The refused MIME type is the parameter of every engine's message.
    failedParameter: check?.kind === 'mime' ? check.mime : pieces.failedParameter,
    url: p.url,
    firefoxLines: pieces.firefoxLines,
    safari: pieces.safari,
    evidence: p.evidence,
    notes: p.notes,
    checkedOrigin: p.checkedOrigin,
    status: p.status,
    error: p.error,
    unfollowedRedirect: p.unfollowedRedirect,
    addressSpace: p.addressSpace,
    refusedAs: p.refusedAs,
  };
}
