/**
 * The Markdown and text sections of "Fix this server". Pure text from a `ReportServer`; kept apart
 * from report.ts's renderer imports so the reports stay light until servers are asked for.
 */
import type { ReportServer } from './report';
import { mdFence, mdText, visibleControls } from '../report-escape';

/** "✓ 7 of 7 pass, none breaks" — the proof in a few words. */
export function verifiedLine(v: ReportServer['verified']): string {
  if (v.of === 0) return 'nothing a server header can fix';
  const mark = v.pass === v.of && v.broken === 0 ? '✓' : '✗';
  return `${mark} ${v.pass} of ${v.of} pass under this policy${v.broken ? `, ${v.broken} that passed before would break` : ', none that passed breaks'}`;
}

const STACK_FOR_REPORT = 'http-headers';

export function serversMarkdown(servers: readonly ReportServer[]): string[] {
  const out: string[] = [];
  for (const s of servers) {
    out.push(`## Fix this server: ${mdText(s.origin)}`, '');
    out.push(mdText(`${s.blocked} blocked, ${s.warned} with warnings, of ${s.exchanges} exchanges. Verified: ${verifiedLine(s.verified)}.`), '');
    for (const step of s.fix.steps) out.push(`- ${mdText(step, 1600)}`);
    out.push('', mdFence(s.fix.snippets[STACK_FOR_REPORT]?.code ?? '', 'http'), '');
    if (s.routes.length) {
      out.push('**Per route**', '');
      for (const r of s.routes) out.push(`- \`${mdText(r.route).replace(/`/g, '')}\`: ${r.diff.map((d) => mdText(d, 1600)).join(' ')}`);
      out.push('');
    }
    out.push('**Checked with the evaluator**', '');
    for (const c of s.checks) out.push(`- ${c.passes ? '✓' : '✗'} ${mdText(c.method)} ${mdText(c.url)}: ${mdText(c.before.reason)} → ${mdText(c.after.outcome)}`);
    for (const o of s.outOfReach) out.push(`- (client) ${mdText(o.method)} ${mdText(o.url)}: ${mdText(o.why, 1600)}`);
    out.push('');
  }
  return out;
}

export function serversText(servers: readonly ReportServer[], paint: (style: 'bold' | 'green' | 'red' | 'gray', s: string) => string): string[] {
  const out: string[] = [];
  const safe = (s: string) => visibleControls(s);
  for (const s of servers) {
    out.push(paint('bold', `Fix this server: ${safe(s.origin)}`) + `  ${s.blocked} blocked, ${s.warned} warned, of ${s.exchanges}`);
    const ok = s.verified.of > 0 && s.verified.pass === s.verified.of && s.verified.broken === 0;
    out.push(`  ${paint(ok ? 'green' : 'red', verifiedLine(s.verified))}`);
    for (const step of s.fix.steps) out.push(`  - ${safe(step)}`);
    for (const line of (s.fix.snippets[STACK_FOR_REPORT]?.code ?? '').split('\n')) out.push(`    ${safe(line)}`);
    for (const c of s.checks) out.push(`  ${paint(c.passes ? 'green' : 'red', c.passes ? '✓' : '✗')} ${safe(c.method)} ${safe(c.url)} ${paint('gray', `${safe(c.before.reason)} → ${c.after.outcome}`)}`);
    for (const o of s.outOfReach) out.push(`  ${paint('gray', 'client')} ${safe(o.method)} ${safe(o.url)}: ${safe(o.why)}`);
    out.push('');
  }
  return out;
}
