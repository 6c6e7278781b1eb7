/**
 * Calls the browser refused inside the page, before any network API could see them: an https
 * document's fetch/XHR/EventSource to an http:// URL that is not potentially trustworthy is
 * blocked as mixed content by the renderer (Chromium 156 and Firefox ESR: webRequest never fires,
 * lab scenarios notcors-mixed-content-*). The page's own record of the failed call (a page hint)
 * is then the only trace, so it becomes the request's observation, and the core says what it is.
 */
import type { Observation } from '../core/model';
import { hostOf, isLoopbackHost } from '../core/http/origin';
import { looksLikeMixedContent } from '../core/rules/network';
import type { NewPageHint } from './tab-store';

/** An observation for each hint that describes a call mixed-content blocking refused. */
export function unsentCallObservations(hints: readonly NewPageHint[], pageOrigin: string | undefined): Observation[] {
  if (pageOrigin === undefined || !pageOrigin.startsWith('https:')) return [];
  const out: Observation[] = [];
  hints.forEach((h, i) => {
    if (h.outcome !== 'rejected' || h.kind === 'element') return;
    if (!looksLikeMixedContent(pageOrigin, h.url, isLoopbackHost(hostOf(h.url)))) return;
    const o: Observation = {
      // Deterministic: a batch replayed from the event log after a restart makes the same ids.
      id: `page:${h.tabId ?? -1}:${h.frameId ?? 0}:${h.startTime}:${i}`,
      source: 'page',
      initiatorOrigin: pageOrigin,
      url: h.url,
      method: h.method,
      resourceType: h.kind === 'xhr' ? 'xmlhttprequest' : h.kind === 'eventsource' ? 'eventsource' : 'fetch',
      startTime: h.startTime,
      endTime: h.startTime,
    };
    if (h.tabId !== undefined) o.tabId = h.tabId;
    if (h.frameId !== undefined) o.frameId = h.frameId;
    if (h.documentId !== undefined) o.documentId = h.documentId;
    out.push(o);
  });
  return out;
}
