/**
 * The one definition of "a response arrived" for an observed request, used by the engines,
 * the fix policy and pairing alike.
 */
import type { Observation } from './model';

export interface ResponseTest {
  /**
   * Count a captured but empty header list as a response. The engines do: a source that reported
   * the header list saw the response, whatever it held. Pairing and the fix policy ask for some
   * evidence (a status or at least one header), because a hand-built or partial record may carry
   * an empty list for "nothing seen".
   */
  emptyHeaderListCounts?: boolean;
}

/** A response arrived for this request: a status above 0, or response headers. */
export function hasResponse(o: Observation | undefined, test: ResponseTest = {}): boolean {
  if (!o) return false;
  if (typeof o.status === 'number' && o.status > 0) return true;
  if (!Array.isArray(o.responseHeaders)) return false;
  return test.emptyHeaderListCounts === true || o.responseHeaders.length > 0;
}
