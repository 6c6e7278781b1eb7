/**
 * Copying from inside a DevTools panel. The async Clipboard API is often refused there (the panel
 * is a frame of DevTools, which may not be focused, and permissions policy can block it), while
 * `document.execCommand('copy')` on a selected textarea works from a click in both browsers.
 * So: execCommand first, synchronously inside the click (it needs the user gesture), then the
 * async API as a fallback.
 */

function copyWithTextarea(text: string): boolean {
  const doc = globalThis.document;
  if (!doc?.body || typeof doc.execCommand !== 'function') return false;
  const active = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  // Off-screen but rendered: a display:none textarea cannot be selected.
  area.style.cssText = 'position:fixed;top:0;left:-9999px;width:1px;height:1px;opacity:0;';
  doc.body.appendChild(area);
  let ok = false;
  try {
    area.select();
    area.setSelectionRange(0, text.length);
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  } finally {
    area.remove();
    active?.focus?.({ preventScroll: true });
  }
  return ok;
}

/** Copies `text`; resolves true when one of the two ways succeeded. */
export async function copyText(text: string): Promise<boolean> {
  if (copyWithTextarea(text)) return true;
  try {
    await globalThis.navigator?.clipboard?.writeText(text);
    return globalThis.navigator?.clipboard !== undefined;
  } catch {
    return false;
  }
}
