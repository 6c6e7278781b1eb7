/**
 * The lab page's HTML shell and its Content-Security-Policy. All content is rendered by
 * `client.ts`; the only data in the HTML is the origins, as an inert JSON block.
 */
import type { LabOrigins } from '../lab-urls';
import type { LabPageVariant } from '../scenario-types';

/**
 * Scripts and styles from the page's own origin and the lab's other origins only (the
 * subresource scenarios load module scripts and stylesheets from them). connect-src is
 * deliberately left open: a connect-src list would turn the redirect scenarios (ftp:, data:) into
 * CSP failures instead of the CORS behaviour they demonstrate.
 */
export function labCsp(origins: LabOrigins): string {
  const lab = [origins.apiOrigin, origins.apiSameSiteOrigin, origins.thirdOrigin].filter(Boolean).join(' ');
  return `script-src 'self' ${lab}; style-src 'self' ${lab}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The runner page: the lab page plus /runner.js, which runs the scenarios named in the query one
 * after another between console markers (for browsers watched only through their console output).
 */
export function labRunnerHtml(origins: LabOrigins): string {
  return labPageHtml(origins).replace('<script src="/client.js" defer></script>', '<script src="/client.js" defer></script>\n<script src="/runner.js" defer></script>');
}

export function labPageHtml(origins: LabOrigins, variant?: LabPageVariant): string {
  // JSON inside <script type="application/json">: escape "<" so no value can close the element.
  const config = JSON.stringify(variant ? { ...origins, labPage: variant } : origins).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CORS Lab</title>
<link rel="stylesheet" href="/lab.css">
<script id="lab-config" type="application/json">${config}</script>
<script src="/client.js" defer></script>
</head>
<body>
<header>
<h1>CORS Lab</h1>
<p>A server that misbehaves on purpose. Each button makes one real cross-origin request; open DevTools to watch it.</p>
<p><code>page ${escapeHtml(origins.pageOrigin)}</code> · <code>api ${escapeHtml(origins.apiOrigin)}</code> · <code>same-site api ${escapeHtml(origins.apiSameSiteOrigin)}</code> · <code>third ${escapeHtml(origins.thirdOrigin)}</code></p>
</header>
<main id="app"></main>
</body>
</html>
`;
}
