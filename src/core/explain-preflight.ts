/** Explanations of the preflight reasons (the OPTIONS response the browser checked before the request). */
import { q, statusText, type ExplainContext as Ctx, type Explanation } from './explain-context';
import { unsafeHeadersOfHop } from './facts';
import { getHeader } from './http/headers';

export function preflightAcaoMissing(c: Ctx): Explanation {
  const { facts, hop, origin, url, status, method, notes } = c;
  return {
    summary: `Blocked: the preflight (OPTIONS ${url}) got ${statusText(status)} without Access-Control-Allow-Origin.`,
    explanation:
      (status !== undefined && (status < 200 || status > 299)
        ? `The OPTIONS request failed with ${statusText(status)}: the server (or a proxy, auth middleware or WAF in front of it) does not handle CORS preflights for this URL. `
        : 'The OPTIONS response has no CORS headers. ') +
      `Browsers send OPTIONS before a ${method} request${unsafeHeadersOfHop(hop ?? { request: facts.hops[0]!.request }).length ? ' with custom headers' : ''}; answer it with 2xx, Access-Control-Allow-Origin: ${origin}, Access-Control-Allow-Methods and Access-Control-Allow-Headers, without requiring authentication.${notes}`,
  };
}

export function preflightNonOkStatus(c: Ctx): Explanation {
  const { res, status, notes } = c;
  if (res?.statusUnrecorded) {
    return {
      summary: 'Blocked: the preflight (OPTIONS) failed; its CORS headers pass, so its status was not 2xx (the capture did not record it).',
      explanation: `The OPTIONS response carries CORS headers that pass every check, yet the request after it never went out, so the browser refused the preflight itself; the capture has no status to show (Firefox’s getHAR() leaves some statuses at 0). A preflight must succeed with a 2xx status (200 or 204). Typical causes: the OPTIONS route falls through to a 404/405, or authentication runs before CORS and rejects the credential-less OPTIONS request.${notes}`,
    };
  }
  return {
    summary: `Blocked: the preflight (OPTIONS) returned ${statusText(status)} instead of 2xx.`,
    explanation: `The OPTIONS response carries valid CORS headers but its status is ${status ?? 'unknown'}; a preflight must succeed with a 2xx status (200 or 204). Typical causes: the OPTIONS route falls through to a 404/405, or authentication runs before CORS and rejects the credential-less OPTIONS request.${notes}`,
  };
}

export function preflightRedirect(c: Ctx): Explanation {
  const { url, res, headers, status, notes } = c;
  return {
    summary: 'Blocked: the preflight (OPTIONS) was answered with a redirect.',
    explanation: `Browsers never follow redirects for preflights. The OPTIONS request to ${url} got ${statusText(status)} → ${q(res?.redirectUrl ?? getHeader(headers, 'location'))}. Call the final URL directly (https, the trailing slash the server wants, the canonical host), or make the server answer OPTIONS without redirecting.${notes}`,
  };
}

export function preflightAcamUnparsable(c: Ctx): Explanation {
  const { headers, notes } = c;
  return {
    summary: `Blocked: Access-Control-Allow-Methods ${q(getHeader(headers, 'access-control-allow-methods'))} cannot be parsed.`,
    explanation: 'Access-Control-Allow-Methods must be a comma-separated list of method names, e.g. GET, POST, PUT, DELETE. Spaces between names, semicolons or quotes make the whole header invalid.' + notes,
  };
}

export function preflightAcahUnparsable(c: Ctx): Explanation {
  const { headers, notes } = c;
  return {
    summary: `Blocked: Access-Control-Allow-Headers ${q(getHeader(headers, 'access-control-allow-headers'))} cannot be parsed.`,
    explanation: 'Access-Control-Allow-Headers must be a comma-separated list of header names, e.g. Content-Type, Authorization. Spaces inside a name, semicolons or quotes make the whole header invalid.' + notes,
  };
}

export function preflightMethodNotAllowed(c: Ctx): Explanation {
  const { facts, headers, method, notes } = c;
  const acam = getHeader(headers, 'access-control-allow-methods');
  const lower = method !== method.toUpperCase();
  return {
    summary: `Blocked: method ${method} is not in Access-Control-Allow-Methods (${q(acam)}).`,
    explanation:
      `The preflight asked whether ${method} is allowed and the server answered Access-Control-Allow-Methods: ${acam ?? '(absent)'}. ` +
      (lower
        ? `The match is case-sensitive and fetch() sends '${method}' as written (only DELETE, GET, HEAD, OPTIONS, POST, PUT are uppercased), so write method: '${method.toUpperCase()}' in the code. `
        : acam !== null && acam.includes('*') && facts.observedCookie
          ? "'*' is not a wildcard for credentialed requests; list the method explicitly. "
          : `Add ${method} to Access-Control-Allow-Methods. `) +
      notes.trim(),
  };
}

export function preflightHeaderNotAllowed(c: Ctx): Explanation {
  const { f, headers, notes } = c;
  const acah = getHeader(headers, 'access-control-allow-headers');
  const name = f.failedParameter ?? f.evidence.find((e) => e.field === 'access-control-allow-headers')?.expected ?? 'a header';
  return {
    summary: `Blocked: request header ${name} is not allowed by Access-Control-Allow-Headers (${q(acah)}).`,
    explanation: `The page sends the header ${name}, which is not CORS-safelisted, so the browser asked first (preflight) and the server's Access-Control-Allow-Headers ${acah === null ? 'was missing' : `(${q(acah)}) does not list it`}. Add ${name} to Access-Control-Allow-Headers on the OPTIONS response${acah !== null && acah.includes('*') ? " ('*' does not count for credentialed requests)" : ''}, or stop sending the header.${notes}`,
  };
}

export function preflightNetworkFailure(c: Ctx): Explanation {
  const { f, url, notes } = c;
  return {
    summary: `Failed: the preflight (OPTIONS ${url}) did not get a response (${f.error ?? 'network error'}).`,
    explanation: `The OPTIONS request itself failed with ${f.error ?? 'a network error'} before any CORS header could be checked: the server is down, the port or host is wrong, TLS failed, or something blocked it. This is not a CORS configuration problem.${notes}`,
  };
}
