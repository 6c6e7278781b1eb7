/**
 * The JSON text of a fix's snippets inside a streamed JSON report. Exchanges that share a policy
 * share most snippet objects (report-fix.ts renders them once per policy and URL shape): 23
 * stacks' code, tens of KB. Scrubbing and serialising them again for each of 100,000 exchanges
 * made the report's cost grow with entries × snippet size; here each snippet object is done once
 * per set of secrets, and the text is spliced into each entry. Byte for byte what
 * JSON.stringify(report, null, 2) writes.
 */
import type { ReportFix } from './report-fix';
import { scrub } from './redact';

/** Stands in for the snippets while the rest of the entry is stringified (see `splice`). */
export const SNIPPETS_MARK = '\u0000cors-lens-snippets\u0000';
const NEEDLE = `"snippets": ${JSON.stringify(SNIPPETS_MARK)}`;
/** Distinct secret sets remembered per snippet (a token per request would otherwise pile up). */
const MAX_PER_SNIPPET = 16;

type Snippets = ReportFix['snippets'];
type Snippet = Snippets[string];

export class SnippetsJson {
  /** Per snippet (shared objects are shared by every exchange of a policy): its JSON per indent and secrets. */
  private readonly cache = new WeakMap<Snippet, Map<string, string>>();

  /**
   * `entry` with the snippets mark replaced by `snippets`, scrubbed of `secrets`, as JSON indented
   * at the mark's depth. The fix is the entry's last member and the snippets the fix's last, so
   * the last occurrence is the real one (a header value quoting the mark is escaped differently).
   */
  splice(entry: string, snippets: Snippets, secrets: readonly string[]): string {
    const at = entry.lastIndexOf(NEEDLE);
    if (at < 0) return entry;
    const indent = entry.slice(entry.lastIndexOf('\n', at) + 1, at);
    const inner = `${indent}  `;
    const secretsKey = secrets.join('\u0000');
    const members = Object.entries(snippets).map(([id, s]) => `${inner}${JSON.stringify(id)}: ${this.json(s, inner, secretsKey, secrets)}`);
    const text = members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${indent}}`;
    return `${entry.slice(0, at)}"snippets": ${text}${entry.slice(at + NEEDLE.length)}`;
  }

  /** One snippet as JSON.stringify(…, null, 2) writes it at this indent, scrubbed, cached. */
  private json(snippet: Snippet, indent: string, secretsKey: string, secrets: readonly string[]): string {
    const key = `${indent.length}\u0000${secretsKey}`;
    let bySecrets = this.cache.get(snippet);
    if (!bySecrets) this.cache.set(snippet, (bySecrets = new Map()));
    let text = bySecrets.get(key);
    if (text === undefined) {
      const code = secrets.length === 0 ? snippet.code : scrub(snippet.code, [...secrets]);
      text = JSON.stringify({ label: snippet.label, code }, null, 2).split('\n').join(`\n${indent}`);
      if (bySecrets.size >= MAX_PER_SNIPPET) bySecrets.clear();
      bySecrets.set(key, text);
    }
    return text;
  }
}
