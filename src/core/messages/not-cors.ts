/**
 * Console texts for the not-CORS reasons of rules/local-network.ts and rules/not-cors.ts, as
 * Chromium 156 and Firefox ESR 153 print them (recorded from the lab, groups N-lna and N-notcors).
 * `undefined` means "not one of these reasons": the caller's general rules apply.
 */
import type { Finding } from '../rules/types';
import { displayUrl, isWebSocketScheme } from '../http/origin';
import { chromeSpaceToken, LNA_INSECURE_REASON, LNA_REASON, type AddressSpace } from '../rules/local-network';
import { COEP_REASON, MIME_REASON, corpErrorSuffix } from '../rules/not-cors';

export interface NotCorsMessageContext {
  initialUrl: string;
  origin: string;
  /** Chromium's `{kind}` (`fetch`, `image`, …). */
  kind: string;
  /** The hop the finding is about, for the response headers some texts need. */
  hop?: import('../model').Hop;
}

const FF_CORP = 'was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#';

function lnaChrome(f: Finding, ctx: NotCorsMessageContext): string {
  const url = displayUrl(f.url);
  if (isWebSocketScheme(f.url)) {
    return `WebSocket connection to '${url}' failed: Error in connection establishment: net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS`;
  }
  const initial = displayUrl(ctx.initialUrl);
  const redirected = initial !== url ? `(redirected from '${initial}') ` : '';
  const space = chromeSpaceToken((f.addressSpace ?? 'unknown') as AddressSpace);
  const reason =
    f.reason === LNA_INSECURE_REASON
      ? `The request client is not a secure context and the resource is in more-private address space \`${space}\`.`
      : `Permission was denied for this request to access the \`${space}\` address space.`;
  return `Access to ${ctx.kind} at '${url}' ${redirected}from origin '${ctx.origin}' has been blocked by CORS policy: ${reason}`;
}

/** Chromium's line for a not-CORS reason; `undefined` when `f` is not one. */
export function notCorsChromeMessage(f: Finding, ctx: NotCorsMessageContext): string | null | undefined {
  const url = displayUrl(f.url);
  switch (f.reason) {
    case LNA_REASON:
    case LNA_INSECURE_REASON:
      return lnaChrome(f, ctx);
    case 'orb-corb':
      return null; // Chromium logs no console line for ORB (only a DevTools issue).
    case 'corp-blocked':
    case COEP_REASON: {
      const error = f.error && f.error.includes('.') ? f.error : `net::ERR_BLOCKED_BY_RESPONSE.${corpErrorSuffix(f.reason, ctx.hop)}`;
      return `Failed to load resource: ${error}`;
    }
    case MIME_REASON:
      return f.refusedAs === 'eventsource'
        ? `EventSource's response has a MIME type ("${f.failedParameter ?? ''}") that is not "text/event-stream". Aborting the connection.`
        : `Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of "${f.failedParameter ?? ''}". Strict MIME type checking is enforced for module scripts per HTML spec.`;
    case 'websocket-no-cors':
      // While an extension observes the handshake (CORS Lens does), Chromium 156 prints the line
      // without its detail: "failed: " and nothing else (verified with the panel open).
      if (f.outcome !== 'network-error') return null;
      return `WebSocket connection to '${url}' failed: ${f.status !== undefined ? `Error during WebSocket handshake: Unexpected response code: ${f.status}` : ''}`;
    default:
      return undefined;
  }
}

/** Firefox's line(s) for a not-CORS reason; `undefined` when `f` is not one (or its CORS lines say it). */
export function notCorsFirefoxMessage(f: Finding, corsLines: (f: Finding) => string | null): string | null | undefined {
  const url = displayUrl(f.url);
  switch (f.reason) {
    case 'orb-corb':
      return null;
    case 'corp-blocked':
    case COEP_REASON:
      return `The resource at “${url}” ${FF_CORP}`;
    case MIME_REASON: {
      if (f.refusedAs === 'eventsource') return `Firefox can’t establish a connection to the server at ${url}.`;
      const cors = corsLines(f);
      return `Loading module from “${url}” was blocked because of a disallowed MIME type (“${f.failedParameter ?? ''}”).${cors ? `\n${cors}` : ''}`;
    }
    case 'websocket-no-cors':
      return f.outcome === 'network-error' ? `Firefox can’t establish a connection to the server at ${f.url}.` : null;
    default:
      return undefined;
  }
}
