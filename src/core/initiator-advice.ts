/**
 * Advice that depends on who made the request: an element's fix is its `crossorigin` attribute,
 * not fetch's `credentials`/`mode`; an <img> drawn to a canvas without crossorigin taints it;
 * fonts and module scripts are always CORS; a beacon always carries credentials. The generic
 * explanation (explain.ts) stays as it is for fetch and XHR.
 */
import type { Explanation } from './explain';
import type { ExchangeFacts } from './facts';
import { credentialsOffHow, credentialsOnHow, type InitiatorInfo } from './initiator';
import type { Finding } from './rules/types';

/** fetch() and XHR (or a request whose API the sources could not tell apart) keep the generic advice. */
function isApiCall(info: InitiatorInfo): boolean {
  return info.kind === 'fetch' || info.kind === 'xhr';
}

/** How the request turned credentials on: "fetch `credentials: 'include'` / XHR `withCredentials = true`" for API calls. */
export function credentialsOnText(facts: ExchangeFacts): string {
  const info = facts.initiatedBy;
  return isApiCall(info) ? "fetch `credentials: 'include'` / XHR `withCredentials = true`" : credentialsOnHow(info);
}

/** How to stop sending credentials, for this initiator. */
export function credentialsOffText(facts: ExchangeFacts): string {
  const info = facts.initiatedBy;
  return isApiCall(info) ? 'stop sending credentials' : credentialsOffHow(info);
}

const BLOCKED_NOTES: Partial<Record<InitiatorInfo['kind'], string>> = {
  image:
    'The crossorigin attribute is what makes this <img> a CORS request. If the page only shows the image, remove crossorigin and it loads without CORS. Keep it (and fix the server) if the image is drawn to a <canvas> and read back (getImageData, toDataURL, toBlob) or used as a WebGL texture: without crossorigin the canvas is tainted and those calls throw a SecurityError.',
  audio:
    'The crossorigin attribute makes this media load a CORS request. Playing it needs no CORS: remove crossorigin. Keep it (and fix the server) to draw frames to a <canvas>, analyse the sound with Web Audio, or load cross-origin <track> captions.',
  video:
    'The crossorigin attribute makes this media load a CORS request. Playing it needs no CORS: remove crossorigin. Keep it (and fix the server) to draw frames to a <canvas>, analyse the sound with Web Audio, or load cross-origin <track> captions.',
  media:
    'The crossorigin attribute makes this media load a CORS request. Playing it needs no CORS: remove crossorigin. Keep it (and fix the server) to draw frames to a <canvas>, analyse the sound with Web Audio, or load cross-origin <track> captions.',
  script:
    'Module scripts (<script type="module">, import, modulepreload) are always loaded in CORS mode: the script\'s server must allow the page origin, or serve the script from your own origin. A classic <script> is a CORS request only because of its crossorigin attribute, which it needs only for error details in window.onerror and for Subresource Integrity; without it the script loads without CORS.',
  'module-script':
    'Module scripts (<script type="module">, import, modulepreload) are always loaded in CORS mode, whatever the crossorigin attribute says (it only picks the credentials mode): the module\'s server must allow the page origin, or serve the module from your own origin.',
  stylesheet:
    'The crossorigin attribute makes this stylesheet a CORS request; it is needed only to read its rules from script (cssRules) or for Subresource Integrity. Remove it, or make the server allow the page origin.',
  font:
    'Browsers always load web fonts (@font-face, FontFace, <link rel="preload" as="font">) in CORS mode; no attribute turns that off. The font\'s server (often a CDN or storage bucket) must send Access-Control-Allow-Origin, or host the font on your own origin.',
  'link-preload':
    'A <link rel="preload" as="fetch" crossorigin> is a CORS request in the credentials mode of its crossorigin attribute; the later fetch() reuses it only when its mode and credentials match.',
  eventsource:
    'An EventSource is always a CORS request (a GET without custom headers, so never preflighted); it sends credentials only with { withCredentials: true }.',
  beacon:
    'navigator.sendBeacon always sends credentials (cookies). A Blob with a type that is not CORS-safelisted (e.g. application/json) makes it a preflighted CORS request, so the server must answer the OPTIONS and the POST with the exact origin and Access-Control-Allow-Credentials: true (\'*\' never works). A string, FormData or URLSearchParams body goes out in no-cors mode instead: no preflight and no CORS headers needed, since the page never reads a beacon\'s response.',
};

/** No-cors loads that are fine as they are: say what the element or beacon gets, not "remove mode: 'no-cors'". */
function opaqueFor(info: InitiatorInfo): Explanation | null {
  switch (info.kind) {
    case 'image':
      return {
        summary: 'Loaded without CORS: an <img> without crossorigin.',
        explanation:
          'The image was requested in no-cors mode, so it displays, but the page cannot read its pixels: drawn to a <canvas> it taints the canvas, and getImageData, toDataURL and toBlob throw a SecurityError. To read it, add crossorigin="anonymous" to the <img> and make its server send Access-Control-Allow-Origin.',
      };
    case 'audio':
    case 'video':
    case 'media':
      return {
        summary: 'Loaded without CORS: media without crossorigin.',
        explanation:
          'The media was requested in no-cors mode: it plays, but its frames and samples are off limits to the page (a tainted <canvas>, silent Web Audio). To process it, add crossorigin="anonymous" and make its server send Access-Control-Allow-Origin.',
      };
    case 'script':
      return {
        summary: 'Loaded without CORS: a classic <script> without crossorigin.',
        explanation:
          'The script was requested in no-cors mode: it runs, but its errors reach window.onerror only as "Script error." and Subresource Integrity cannot be checked. Add crossorigin="anonymous" (and Access-Control-Allow-Origin on its server) if you need either.',
      };
    case 'stylesheet':
      return {
        summary: 'Loaded without CORS: a stylesheet without crossorigin.',
        explanation: 'The stylesheet was requested in no-cors mode: it applies, but script cannot read its rules (cssRules throws a SecurityError). Nothing to fix unless you need them.',
      };
    case 'beacon':
      return {
        summary: 'No CORS needed: a beacon with a CORS-safelisted body.',
        explanation:
          'sendBeacon with a string, FormData or URLSearchParams body (a CORS-safelisted Content-Type) goes out in no-cors mode: the server receives it, with credentials, and no preflight or Access-Control-* header is needed. The page never reads a beacon\'s response, so there is nothing to fix.',
      };
    default:
      return null;
  }
}

/** The explanation, fitted to the initiator (unchanged for fetch and XHR). */
export function withInitiatorAdvice(e: Explanation, f: Finding, facts: ExchangeFacts): Explanation {
  const info = facts.initiatedBy;
  if (isApiCall(info)) return e;
  if (f.reason === 'opaque-no-cors-response') return opaqueFor(info) ?? e;
  if (f.outcome !== 'blocked') return e;
  const note = BLOCKED_NOTES[info.kind];
  return note ? { summary: e.summary, explanation: `${e.explanation} ${note}` } : e;
}
