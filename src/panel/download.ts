/**
 * Saving a file from the panel without any extra permission: a Blob URL and a temporary
 * `a[download]`, clicked. Works in extension pages of both browsers, DevTools panels included.
 */
export function downloadText(fileName: string, text: string, mimeType: string): void {
  const blob = new Blob([text], { type: `${mimeType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Give the browser time to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** `cors-lens-localhost-9000-20250101-140307.har`: where it came from and when. */
export function exportFileName(kind: 'har' | 'json' | 'md', firstUrl: string | undefined, now = new Date()): string {
  let host = 'session';
  try {
    if (firstUrl) host = new URL(firstUrl).host.replace(/[^a-z0-9.-]+/gi, '-');
  } catch {
    // Keep "session".
  }
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `cors-lens-${host}-${stamp}.${kind}`;
}
