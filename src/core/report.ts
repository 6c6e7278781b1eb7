/**
 * Reports of analysed exchanges: JSON (for tools), Markdown (for a bug ticket), text (for a
 * terminal). Pure functions of their input. Secrets are redacted unless `includeSecrets` is set.
 * `fix` is filled by the `fix` option (report-fix.ts), null without it: the panel loads the fix
 * engine lazily and passes it in.
 */
import type {
  AnalyzedExchange,
  BrowserId,
  BrowserMessages,
  Evidence,
  HeaderList,
  Outcome,
  Warning,
} from './model';
import type { ReportFix } from './report-fix';
import type { ReportServer } from './server-fix/report';
import { serversMarkdown, serversText } from './server-fix/report-sections';
import { isSecretHeader, redactHeaders, redactUrl, REDACTED, scrub, secretsOf } from './redact';
import { clip, MAX_SHOWN, mdFence, mdText, visibleControls } from './report-escape';
import { SAFARI_INSPECTOR_NOTE, hasInspectorLine } from './messages/safari';
import { SNIPPETS_MARK, SnippetsJson } from './report-snippets-json';

export interface ReportOptions {
  /** Keep credentials and token query values as they are. Default false. */
  includeSecrets?: boolean;
  /** Computes each entry's `fix` (report-fix.ts `reportFix`); without it `fix` is null. */
  fix?: (analyzed: AnalyzedExchange) => ReportFix | null;
  /**
   * Computes the "Fix this server" entries (server-fix/report.ts `reportServers`); without it the
   * report has none. Injected like `fix`, so the panel can load the fix engine lazily.
   */
  servers?: (list: AnalyzedExchange[]) => ReportServer[];
}

export interface TextReportOptions extends ReportOptions {
  /** ANSI colours. Default false. */
  color?: boolean;
  /** Whose console message to show. Default chrome. */
  browser?: BrowserId;
}

export interface ReportPreflight {
  status: number | null;
  requestHeaders: HeaderList;
  responseHeaders: HeaderList;
}

export interface ReportRedirect {
  url: string;
  status: number | null;
  location: string | null;
}

/** One exchange in the JSON report. The key set is a contract: tools parse it. */
export interface ReportExchange {
  url: string;
  method: string;
  initiatorOrigin: string | null;
  outcome: Outcome;
  reason: string;
  chromiumCorsError: string | null;
  failedParameter: string | null;
  messages: BrowserMessages;
  explanation: string;
  evidence: Evidence[];
  warnings: Warning[];
  preflight: ReportPreflight | null;
  redirects: ReportRedirect[];
  fix: ReportFix | null;
}

export interface JsonReport {
  exchanges: ReportExchange[];
  /** One entry per server with blocked or warned exchanges: its merged, verified fix. */
  servers?: ReportServer[];
}

// ─── JSON ───────────────────────────────────────────────────────────────────────────────────────

export function toJsonReportObject(list: AnalyzedExchange[], options: ReportOptions = {}): JsonReport {
  const report: JsonReport = { exchanges: list.map((a) => prepare(a, options).entry) };
  if (options.servers) report.servers = options.servers(list);
  return report;
}

export function toJsonReport(list: AnalyzedExchange[], options: ReportOptions = {}): string {
  return [...jsonReportChunks(list, options)].join('');
}

/**
 * The JSON report piece by piece, byte for byte what `JSON.stringify(report, null, 2)` writes, so a
 * report larger than one string can hold (V8: ≈ 512 MiB) can still be written out.
 */
export function* jsonReportChunks(list: AnalyzedExchange[], options: ReportOptions = {}): Generator<string> {
  const servers = options.servers?.(list);
  if (list.length === 0) {
    yield `${JSON.stringify(servers ? { exchanges: [], servers } : { exchanges: [] }, null, 2)}\n`;
    return;
  }
  const snippetsJson = new SnippetsJson();
  for (let i = 0; i < list.length; i++) {
    const prepared = prepare(list[i]!, options, true);
    // Stringified inside its wrapper so JSON.stringify indents it at its final depth itself.
    const wrapped = JSON.stringify({ exchanges: [prepared.entry] }, null, 2);
    let entry = wrapped.slice(JSON_HEAD.length, wrapped.length - JSON_TAIL.length);
    // The fix's snippets (shared by every exchange with the same policy) are serialised once.
    if (prepared.snippets) entry = snippetsJson.splice(entry, prepared.snippets, prepared.secrets);
    yield i === 0 ? `${JSON_HEAD}${entry}` : `,\n    ${entry}`;
  }
  if (servers) {
    // `"servers": …` as a member of the top object, indented by JSON.stringify itself.
    const wrapped = JSON.stringify({ servers }, null, 2);
    yield `\n  ],\n${wrapped.slice(2, wrapped.length - 2)}\n}\n`;
  } else yield `${JSON_TAIL}\n`;
}

const JSON_HEAD = '{\n  "exchanges": [\n    ';
const JSON_TAIL = '\n  ]\n}';

// ─── Shared preparation (redaction happens here, once) ──────────────────────────────────────────

interface Prepared {
  entry: ReportExchange;
  summary: string;
  preflightUrl: string | null;
  /** With `deferSnippets`: the fix's snippets, unscrubbed (entry.fix.snippets holds SNIPPETS_MARK). */
  snippets?: ReportFix['snippets'];
  /** The texts redaction removes from this exchange's report ([] with includeSecrets). */
  secrets: string[];
}

function prepare(analyzed: AnalyzedExchange, options: ReportOptions, deferSnippets = false): Prepared {
  const { exchange, verdict } = analyzed;
  const keep = options.includeSecrets === true;
  const secrets = keep ? [] : secretsOf(exchange);
  const text = (s: string) => (keep ? s : scrub(s, secrets));
  const url = (s: string) => (keep ? s : scrub(redactUrl(s), secrets));
  const headers = (h: HeaderList | undefined) => (h === undefined ? [] : keep ? h.map(copyHeader) : redactHeaders(h));
  const evidence = (e: Evidence): Evidence => {
    const out: Evidence = { on: e.on, hop: e.hop, field: e.field, value: e.value, note: text(e.note) };
    if (e.value !== null && !keep) out.value = isSecretHeader(e.field) ? REDACTED : text(redactUrl(e.value));
    if (e.expected !== undefined) out.expected = text(e.expected);
    return out;
  };
  const message = (m: string | null) => (m === null ? null : text(m));

  const firstPreflight = exchange.hops.find((h) => h.preflight)?.preflight;
  const entry: ReportExchange = {
    url: url(exchange.hops[0]?.request.url ?? exchange.url),
    method: exchange.method,
    initiatorOrigin: exchange.initiatorOrigin ?? null,
    outcome: verdict.outcome,
    reason: verdict.reason,
    chromiumCorsError: verdict.chromiumCorsError,
    failedParameter: verdict.failedParameter === null ? null : text(verdict.failedParameter),
    messages: { chrome: message(verdict.messages.chrome), firefox: message(verdict.messages.firefox), safari: message(verdict.messages.safari) },
    explanation: text(verdict.explanation),
    evidence: verdict.evidence.map(evidence),
    warnings: verdict.warnings.map((w) => {
      const out: Warning = { id: w.id, severity: w.severity, message: text(w.message) };
      if (w.evidence) out.evidence = w.evidence.map(evidence);
      return out;
    }),
    preflight: firstPreflight
      ? { status: firstPreflight.status ?? null, requestHeaders: headers(firstPreflight.requestHeaders), responseHeaders: headers(firstPreflight.responseHeaders) }
      : null,
    redirects: exchange.hops.slice(1).map((h) => ({
      url: url(h.request.url),
      status: h.request.status ?? null,
      location: h.request.redirectUrl === undefined ? null : url(h.request.redirectUrl),
    })),
    fix: null,
  };
  const fix = options.fix ? options.fix(analyzed) : null;
  const prepared: Prepared = { entry, summary: text(verdict.summary), preflightUrl: firstPreflight ? url(firstPreflight.url) : null, secrets };
  if (fix !== null && deferSnippets) {
    entry.fix = { ...redactFix(fix, text, false), snippets: SNIPPETS_MARK as unknown as ReportFix['snippets'] };
    prepared.snippets = fix.snippets;
  } else if (fix !== null) entry.fix = redactFix(fix, text, true);
  return prepared;
}

/** Steps and snippets may quote URLs or header values: scrub them like every other text. */
function redactFix(fix: ReportFix, text: (s: string) => string, withSnippets: boolean): ReportFix {
  const snippets: ReportFix['snippets'] = {};
  if (withSnippets) for (const [id, s] of Object.entries(fix.snippets)) snippets[id] = { label: s.label, code: text(s.code) };
  return { ...fix, steps: fix.steps.map(text), diff: fix.diff.map(text), snippets };
}

function copyHeader(h: { name: string; value: string }) {
  return { name: h.name, value: h.value };
}

function counts(list: AnalyzedExchange[]): string {
  const byOutcome = new Map<Outcome, number>();
  for (const { verdict } of list) byOutcome.set(verdict.outcome, (byOutcome.get(verdict.outcome) ?? 0) + 1);
  const order: Outcome[] = ['blocked', 'network-error', 'unknown', 'opaque', 'allowed', 'not-cors'];
  const parts = order.filter((o) => byOutcome.has(o)).map((o) => `${byOutcome.get(o)} ${o}`);
  return `${list.length} exchange${list.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** Our own sentences quote wire values, so they are clipped too, but later. */
const PROSE_MAX = 4 * MAX_SHOWN;

const BROWSER_NAMES: Record<BrowserId, string> = { chrome: 'Chrome', firefox: 'Firefox', safari: 'Safari' };

// ─── Markdown ───────────────────────────────────────────────────────────────────────────────────

export interface MarkdownReportOptions extends ReportOptions {
  /** Whose console message leads each entry (the others follow). Default chrome. */
  browser?: BrowserId;
}

export function toMarkdownReport(list: AnalyzedExchange[], options: MarkdownReportOptions = {}): string {
  return [...markdownReportChunks(list, options)].join('');
}

/** The Markdown report one exchange at a time. */
export function* markdownReportChunks(list: AnalyzedExchange[], options: MarkdownReportOptions = {}): Generator<string> {
  const lead = options.browser ?? 'chrome';
  const head = `# CORS Lens report\n\n${mdText(counts(list))}\n`;
  const servers = options.servers ? `\n${serversMarkdown(options.servers(list)).join('\n')}` : '';
  if (list.length === 0) {
    yield `${(head + servers).trimEnd()}\n`;
    return;
  }
  yield head + servers;
  for (let i = 0; i < list.length; i++) {
    const out: string[] = [];
    const { entry, summary, preflightUrl } = prepare(list[i]!, options);
    out.push(`## ${i + 1}. ${mdText(entry.outcome)}: ${mdText(entry.method)} ${mdText(entry.url)}`, '');
    out.push(mdText(summary, PROSE_MAX), '');
    out.push('| | |', '|---|---|');
    out.push(`| Page origin | ${mdText(entry.initiatorOrigin ?? '(opaque or unknown)')} |`);
    out.push(`| Outcome | ${mdText(entry.outcome)} |`);
    out.push(`| Reason | ${mdText(entry.reason)} |`);
    if (entry.chromiumCorsError) out.push(`| Chromium CorsError | ${mdText(entry.chromiumCorsError)} |`);
    if (entry.failedParameter) out.push(`| Failed parameter | ${mdText(entry.failedParameter)} |`);
    out.push('');
    if (entry.explanation) out.push('**Why**', '', mdText(entry.explanation, PROSE_MAX), '');

    // The chosen browser's message leads, under its own name; the others follow.
    const browsers = [lead, ...(Object.keys(BROWSER_NAMES) as BrowserId[]).filter((b) => b !== lead)].filter((b) => entry.messages[b]);
    if (browsers.length) {
      out.push(`**Console messages** (${BROWSER_NAMES[lead]} first)`, '');
      for (const b of browsers) {
        out.push(`${BROWSER_NAMES[b]}:`, '', mdFence(clip(entry.messages[b]!, 2000)), '');
        if (b === 'safari' && hasInspectorLine(entry.messages.safari)) out.push(`_${mdText(SAFARI_INSPECTOR_NOTE)}_`, '');
      }
    }
    if (entry.evidence.length) {
      out.push('**Evidence**', '', '| Where | Hop | Field | Value | Note |', '|---|---|---|---|---|');
      for (const e of entry.evidence) {
        out.push(`| ${mdText(e.on)} | ${e.hop} | ${mdText(e.field)} | ${e.value === null ? '(absent)' : mdText(e.value)} | ${mdText(e.note)}${e.expected === undefined ? '' : ` (expected ${mdText(e.expected)})`} |`);
      }
      out.push('');
    }
    if (entry.preflight) {
      out.push(`**Preflight** OPTIONS ${mdText(preflightUrl ?? entry.url)} → ${entry.preflight.status ?? 'no response'}`, '');
      out.push(mdFence(headerBlock(entry.preflight.requestHeaders, entry.preflight.responseHeaders), 'http'), '');
    }
    if (entry.redirects.length) {
      out.push('**Redirects**', '');
      for (const r of entry.redirects) {
        out.push(`1. ${mdText(r.url)} → ${r.status ?? 'no response'}${r.location ? ` → ${mdText(r.location)}` : ''}`);
      }
      out.push('');
    }
    if (entry.warnings.length) {
      out.push('**Warnings**', '');
      for (const w of entry.warnings) out.push(`- ${mdText(w.severity)}: ${mdText(w.message, PROSE_MAX)}`);
      out.push('');
    }
    const section = `\n${out.join('\n')}`;
    yield i === list.length - 1 ? `${section.trimEnd()}\n` : section;
  }
}

function headerBlock(request: HeaderList, response: HeaderList): string {
  const lines = request.map((h) => `${h.name}: ${clip(h.value)}`);
  lines.push('', ...(response.length ? response.map((h) => `${h.name}: ${clip(h.value)}`) : ['(no response headers)']));
  return lines.join('\n');
}

// ─── Terminal text ──────────────────────────────────────────────────────────────────────────────

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;

const OUTCOME_STYLE: Record<Outcome, { mark: string; style: Style }> = {
  blocked: { mark: '✖', style: 'red' },
  'network-error': { mark: '!', style: 'magenta' },
  unknown: { mark: '?', style: 'yellow' },
  opaque: { mark: '◌', style: 'cyan' },
  allowed: { mark: '✔', style: 'green' },
  'not-cors': { mark: '·', style: 'gray' },
};

export function toTextReport(list: AnalyzedExchange[], options: TextReportOptions = {}): string {
  return [...textReportChunks(list, options)].join('');
}

/** The terminal report one exchange at a time. */
export function* textReportChunks(list: AnalyzedExchange[], options: TextReportOptions = {}): Generator<string> {
  const paint = (style: Style, s: string) => (options.color ? `\u001b[${ANSI[style]}m${s}\u001b[0m` : s);
  // Every value from the wire goes through this: clipped, control characters made visible.
  const safe = (s: string) => visibleControls(clip(s));
  const prose = (s: string) => visibleControls(clip(s, PROSE_MAX));
  const browser = options.browser ?? 'chrome';
  for (const analyzed of list) {
    const out: string[] = [];
    const { entry, summary } = prepare(analyzed, options);
    const { mark, style } = OUTCOME_STYLE[entry.outcome];
    out.push(`${paint(style, `${mark} ${entry.outcome.toUpperCase()}`)}  ${paint('bold', safe(entry.method))} ${safe(entry.url)}`);
    const reason = entry.chromiumCorsError ? `${entry.reason} (${entry.chromiumCorsError})` : entry.reason;
    out.push(`  ${paint('gray', 'from')} ${safe(entry.initiatorOrigin ?? '(opaque or unknown origin)')}  ${paint('gray', 'reason')} ${safe(reason)}`);
    if (summary) out.push(`  ${prose(summary)}`);
    const message = entry.messages[browser];
    // A browser may print several lines (Firefox does): one per line, never an escaped newline.
    if (message) {
      const [first = '', ...more] = message.split('\n');
      out.push(`  ${paint('gray', `${BROWSER_NAMES[browser]}:`)} ${prose(first)}`);
      for (const line of more) out.push(`  ${' '.repeat(BROWSER_NAMES[browser].length + 1)} ${prose(line)}`);
    }
    if (message && browser === 'safari' && hasInspectorLine(message)) out.push(`  ${paint('gray', SAFARI_INSPECTOR_NOTE)}`);
    if (entry.explanation) out.push(`  ${prose(entry.explanation)}`);
    if (entry.preflight) out.push(`  ${paint('gray', 'preflight')} OPTIONS → ${entry.preflight.status ?? 'no response'}`);
    for (const r of entry.redirects) {
      out.push(`  ${paint('gray', 'redirect')} ${safe(r.url)} → ${r.status ?? 'no response'}${r.location ? ` → ${safe(r.location)}` : ''}`);
    }
    for (const e of entry.evidence) {
      const value = e.value === null ? '(absent)' : `"${safe(e.value)}"`;
      out.push(`  ${paint('gray', 'evidence')} ${e.on}[${e.hop}] ${safe(e.field)} = ${value}: ${safe(e.note)}`);
    }
    for (const w of entry.warnings) out.push(`  ${paint(w.severity === 'security' ? 'red' : 'yellow', w.severity)} ${prose(w.message)}`);
    out.push('', '');
    yield out.join('\n');
  }
  if (options.servers) {
    const lines = serversText(options.servers(list), paint);
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
  yield `${paint('bold', counts(list))}\n`;
}
