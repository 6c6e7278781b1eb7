/**
 * The console markers of the lab's runner page, shared by the page (which logs them) and the
 * harness that reads a browser's console output (which parses them). Pure: no DOM or Node API.
 */
import type { RunResult } from './automation';

export const RUNNER_MARK = '[cors-lens-runner]';

export function runnerBegin(id: string): string {
  return `${RUNNER_MARK} begin ${id}`;
}

export function runnerEnd(id: string, result: RunResult): string {
  return `${RUNNER_MARK} end ${id} ${JSON.stringify(result)}`;
}

export function runnerDone(count: number): string {
  return `${RUNNER_MARK} done ${count}`;
}

export type RunnerMarker =
  | { kind: 'begin'; id: string }
  | { kind: 'end'; id: string; result: RunResult }
  | { kind: 'done'; count: number }
  | { kind: 'fatal'; text: string };

/** The marker in a console line (anywhere in it: browsers prefix their own labels), or null. */
export function parseRunnerMarker(line: string): RunnerMarker | null {
  const at = line.indexOf(`${RUNNER_MARK} `);
  if (at === -1) return null;
  const rest = line.slice(at + RUNNER_MARK.length + 1);
  const m = /^(begin|end|done|fatal) ?(\S*) ?(.*)$/.exec(rest);
  if (!m) return null;
  const [, kind, word = '', tail = ''] = m;
  if (kind === 'begin') return { kind, id: word };
  if (kind === 'done') return { kind, count: Number(word) };
  if (kind === 'fatal') return { kind, text: `${word} ${tail}`.trim() };
  try {
    return { kind: 'end', id: word, result: JSON.parse(tail) as RunResult };
  } catch {
    return null;
  }
}
