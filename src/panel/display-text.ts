/**
 * Making wire values safe to look at. Rendering already keeps them inert (Preact writes text
 * nodes, never markup); these helpers deal with what text nodes still get wrong: bidi controls
 * that reorder a URL on screen (`evil.com/\u202Egpj.exe` reads as "exe.jpg"), other invisible
 * controls, and 100 KB values that would swamp the layout.
 */

/** Explicit directional formatting characters (ALM, LRM, RLM, LRE … RLO, LRI … PDI), C0 controls but tab, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Bidi and other control characters replaced by a visible `⟨U+202E⟩` marker. Multi-line texts
 * (Firefox prints several console lines) keep their newlines with `keepNewlines`.
 */
export function visibleControls(value: string, keepNewlines = false): string {
  if (!CONTROL.test(value)) return value;
  return value.replace(keepNewlines ? CONTROLS_BUT_NEWLINE : CONTROLS, (c) => `⟨${codePoint(c)}⟩`);
}

/** Default longest value shown in full; the rest is summarised. */
export const MAX_VALUE_SHOWN = 2000;

/** A value as shown: controls visible, clipped to `max` characters with a count of what was cut. */
export function shownValue(value: string, max = MAX_VALUE_SHOWN): string {
  const v = value.length > max ? `${value.slice(0, max)}… (${(value.length - max).toLocaleString('en-US')} more characters)` : value;
  return visibleControls(v);
}

/** A URL as shown: controls visible, very long URLs clipped. */
export function shownUrl(url: string): string {
  return shownValue(url, 4000);
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Exports stay inert too. In JSON (HAR, the JSON report) bidi controls can only sit inside
 * strings, so they are written as `\u202e` escapes: the parsed value is unchanged, but no viewer
 * reorders the text around them. Markdown gets the same visible markers as the panel.
 */
export function inertExport(kind: 'har' | 'json' | 'md', text: string): string {
  if (kind === 'md') return visibleControls(text, true);
  return text.replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
