/**
 * Summaries and explanations for the failures that are not CORS (Local Network Access, ORB,
 * CORP, COEP, MIME refusals, WebSockets). They say what happened and what fixes it — never a
 * CORS header change, which cannot help. `null`: not one of these reasons.
 */
import type { Explanation, ExplainContext } from './explain-context';
import type { ExchangeFacts } from './facts';
import { getHeader } from './http/headers';
import { displayUrl } from './http/origin';
import type { Finding } from './rules/types';

const NO_CORS_FIX = 'Changing Access-Control-* headers on the server will not help.';

function lna(f: Finding, facts: ExchangeFacts): Explanation {
  const url = displayUrl(f.url);
  const space = f.addressSpace === 'local' ? 'local network (a private address)' : f.addressSpace === 'loopback' ? 'loopback address (this device)' : 'local address';
  const permission = f.addressSpace === 'local' ? '`local-network`' : f.addressSpace === 'loopback' ? '`loopback-network`' : '`local-network` / `loopback-network`';
  const notes = f.notes.length ? ` ${f.notes.join(' ')}` : '';
  return {
    summary: `Blocked by Local Network Access: ${facts.initiator ?? 'the page'} may not reach ${url} (${space}) without the user's permission.`,
    explanation:
      `Chrome (142 and later) asks the user before a page from a more public address space (a public website) talks to a ${space}; Firefox does the same with its own prompt. ` +
      `Here the permission was not granted, so the browser refused the request before sending it: the server never saw it and no response exists. ` +
      `It shows up as a CORS error (Chrome's CorsError LocalNetworkAccessPermissionDenied, "Permission was denied for this request to access the … address space"), but it is a permission, not a header: ${NO_CORS_FIX} ` +
      `What does help: let the user allow it (Chrome's site settings call the permissions "Local network" and "Apps on device"); a cross-origin iframe also needs allow="local-network" (or allow="loopback-network" for this device) on its <iframe>; requests from service or shared workers need a prior grant. ` +
      `Headless and automated browsers show no prompt, so the request is denied (Chrome) or waits until the prompt times out (Firefox): grant the permission in the test setup (e.g. Chrome's LocalNetworkAccessAllowedForUrls policy) or serve page and service from the same address space. Check the page is meant to call ${permission} resources at all (a leftover localhost URL in production code is a common cause).${notes}`,
  };
}

function mime(f: Finding): Explanation {
  const url = displayUrl(f.url);
  const type = f.failedParameter ?? 'its type';
  if (f.refusedAs === 'eventsource') {
    return {
      summary: `Refused: the EventSource response from ${url} is ${type}, not text/event-stream (not a CORS problem).`,
      explanation: `The CORS check passed, but EventSource only accepts a response with Content-Type: text/event-stream and closes the connection otherwise (Chrome: "EventSource's response has a MIME type … Aborting the connection.", Firefox: "Firefox can’t establish a connection to the server"). Make the endpoint send Content-Type: text/event-stream (and the event stream format). ${NO_CORS_FIX}`,
    };
  }
  return {
    summary: `Refused: the module script ${url} was served as ${type}, not JavaScript (not a CORS problem).`,
    explanation: `The CORS check passed, but module scripts (<script type="module">, import()) are checked strictly: the response must have a JavaScript MIME type such as text/javascript. Serve the file with Content-Type: text/javascript (a static server or CDN usually does this by file extension; check .js/.mjs mappings). A classic <script crossorigin> would run it, but the right fix is the Content-Type either way. Firefox adds a misleading "CORS request did not succeed" line after "Loading module … was blocked because of a disallowed MIME type". ${NO_CORS_FIX}`,
  };
}

export function explainLna(c: ExplainContext): Explanation {
  return lna(c.f, c.facts);
}

export function explainMimeRefused(c: ExplainContext): Explanation {
  return mime(c.f);
}

export function explainOrb(): Explanation {
  return {
    summary: 'Blocked by Opaque Response Blocking (ORB), not by CORS.',
    explanation: `A no-cors load (an <img>, <audio>/<video>, a classic <script> or fetch with mode 'no-cors') received a response that looks like data — JSON, HTML, XML or text/plain with nosniff — which the browser will not hand to a cross-origin page opaquely. Chrome reports net::ERR_BLOCKED_BY_ORB and prints no console line; Firefox blocks it silently. Point the element at the real resource (an image URL that returns image/*), or serve the resource with its correct Content-Type. ${NO_CORS_FIX}`,
  };
}

export function explainCorp(c: ExplainContext): Explanation {
  const corp = getHeader(c.hop?.request.responseHeaders, 'cross-origin-resource-policy');
  const sameSite = corp?.trim().toLowerCase() === 'same-site';
  return {
    summary: `Blocked by the resource's Cross-Origin-Resource-Policy (${corp ?? 'same-origin'}), not by CORS.`,
    explanation: `The response from ${c.url} carries Cross-Origin-Resource-Policy: ${corp ?? 'same-origin'}, which tells the browser not to hand it to pages of other ${sameSite ? 'sites' : 'origins'} in a no-cors load. If other origins should embed it, send Cross-Origin-Resource-Policy: cross-origin (or same-site) on it. ${NO_CORS_FIX}`,
  };
}

export function explainCoep(c: ExplainContext): Explanation {
  return {
    summary: "Blocked by the page's Cross-Origin-Embedder-Policy: the resource has no Cross-Origin-Resource-Policy header.",
    explanation: `The page is served with Cross-Origin-Embedder-Policy: require-corp, so every cross-origin resource it loads in no-cors mode must opt in with a Cross-Origin-Resource-Policy header. ${c.url} sends none. Add Cross-Origin-Resource-Policy: cross-origin to that response, or switch the page to Cross-Origin-Embedder-Policy: credentialless (or drop COEP if cross-origin isolation is not needed). ${NO_CORS_FIX}`,
  };
}

/** A WebSocket whose handshake failed; null when it opened (the table's general text applies). */
export function explainWebSocketFailure(c: ExplainContext): Explanation | null {
  const { f, facts, url } = c;
  if (f.outcome !== 'network-error') return null;
  return {
    summary: `The WebSocket handshake to ${url} failed${f.status ? ` (HTTP ${f.status})` : ''}: WebSockets do not use CORS.`,
    explanation: `A WebSocket has no preflight and ignores Access-Control-* headers; the browser sends the page's Origin with the handshake and the server decides. A refused handshake (often 403 from the server's own Origin check, or a proxy that does not pass the Upgrade) makes it fail. Allow ${facts.initiator ?? 'the page origin'} in the server's WebSocket origin check (e.g. ws's verifyClient, Socket.IO's cors.origin option, Spring's setAllowedOrigins) and make sure proxies forward Upgrade/Connection. ${NO_CORS_FIX}`,
  };
}

export function explainLnaInsecure(c: ExplainContext): Explanation {
  const { f, facts, url } = c;
  const notes = f.notes.length ? ` ${f.notes.join(' ')}` : '';
  return {
    summary: `Blocked by Local Network Access: ${facts.initiator ?? 'the page'} is not a secure context, so it may not reach ${url} (a ${f.addressSpace ?? 'local'} address) at all.`,
    explanation:
      `Chrome (142 and later) lets only secure pages (https, or http on localhost) ask for the Local Network Access permission; an http:// page on another host is refused outright, without a prompt (CorsError InsecureLocalNetwork, "The request client is not a secure context and the resource is in more-private address space …"). ` +
      `Serve the page over https (the user is then asked for the permission), or serve page and service from the same address space. ${NO_CORS_FIX}${notes}`,
  };
}
