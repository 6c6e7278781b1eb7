/**
 * The rounds of the app benchmark, for any browser: every side is launched afresh once per
 * round, in an order that alternates round by round, and times a cold load and the reloads of
 * both apps; then each side is compared with its baseline round by round.
 */
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../test/e2e/support/paths';
import type { BenchResult } from '../../run';
import { timeApp, type AppPage, type AppTimes } from './measure-load';
import type { BenchApps } from './servers';
import { alternatingOrder, compareRounds, median } from './stats';

export type AppKind = 'dev' | 'prod';
export const APPS: AppKind[] = ['dev', 'prod'];
export const TARGET = 1.05;

export interface SideLike {
  /** Short id shown in progress lines ("none", "ext", "devtools+ext" …). */
  id: string;
  extensionDir?: string;
}

/** A launched browser on a blank page, made ready for the timed loads. */
export interface ReadySide {
  page: AppPage;
  /** What the set-up observed, e.g. whether the extension recorded with DevTools closed. */
  note: string;
  /**
   * CPU seconds the browser has used so far, per kind of process (browser, GPU, network service,
   * the extension's renderer …; Chromium: SystemInfo.getProcessInfo). Unlike wall time it hardly
   * moves when other work shares the cores, and it says where a cost lands.
   */
  cpuByRole?: () => Promise<Map<string, number>>;
  close(): Promise<void>;
}

/** A side measured against a baseline side of the same run. */
export interface Pair {
  side: string;
  baseline: string;
  label: string;
}

export interface RoundsPlan<S extends SideLike> {
  browser: string;
  sides: S[];
  launch: (spec: S) => Promise<ReadySide>;
  rounds: number;
  reloads: number;
}

type Samples = Map<string, { times: Record<AppKind, AppTimes[]>; notes: Set<string> }>;

const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
const rel = (dir: string): string => path.relative(REPO_ROOT, dir) || '.';

async function measureSide<S extends SideLike>(plan: RoundsPlan<S>, spec: S, apps: BenchApps, reloads: number): Promise<{ times: Record<AppKind, AppTimes>; note: string }> {
  const side = await plan.launch(spec);
  try {
    const dev = await withCpu(side, () => timeApp(side.page, apps.dev.url, reloads));
    const prod = await withCpu(side, () => timeApp(side.page, apps.prod.url, reloads));
    return { times: { dev, prod }, note: side.note };
  } finally {
    await side.close();
  }
}

/** Times an app, adding the browser's CPU seconds over its loads (in all, and per kind of process) when the side can tell. */
async function withCpu(side: ReadySide, time: () => Promise<AppTimes>): Promise<AppTimes> {
  const before = await side.cpuByRole?.().catch(() => undefined);
  const times = await time();
  const after = before === undefined ? undefined : await side.cpuByRole?.().catch(() => undefined);
  if (!before || !after) return times;
  const cpuByRole: Record<string, number> = {};
  for (const [role, s] of after) cpuByRole[role] = s - (before.get(role) ?? 0);
  return { ...times, cpuSeconds: Object.values(cpuByRole).reduce((a, b) => a + b, 0), cpuByRole };
}

const cpu = (t: AppTimes): string => (t.cpuSeconds === undefined ? '' : `, cpu ${t.cpuSeconds.toFixed(1)} s`);

/** Runs every round; the first side (a baseline) also warms the servers once, untimed. */
export async function runRounds<S extends SideLike>(plan: RoundsPlan<S>, apps: BenchApps): Promise<Samples> {
  const samples: Samples = new Map(plan.sides.map((s) => [s.id, { times: { dev: [], prod: [] }, notes: new Set<string>() }]));
  // Vite transforms every module once and the OS caches the files: for all sides alike.
  await measureSide(plan, plan.sides[0]!, apps, 1);
  for (let round = 0; round < plan.rounds; round++) {
    for (const spec of alternatingOrder(plan.sides, round)) {
      const started = Date.now();
      const { times, note } = await measureSide(plan, spec, apps, plan.reloads);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stderr.write(`  ${plan.browser} round ${round + 1}/${plan.rounds} ${spec.id}: dev ${ms(times.dev.coldMs)} cold, ${ms(times.dev.reloadMs)} reload${cpu(times.dev)}; prod ${ms(times.prod.coldMs)}, ${ms(times.prod.reloadMs)}${cpu(times.prod)} (${seconds} s)\n`);
      const entry = samples.get(spec.id)!;
      for (const app of APPS) entry.times[app].push(times[app]);
      entry.notes.add(note);
    }
  }
  return samples;
}

/** The browsers' CPU time over an app's loads (cold + reloads), side vs baseline, when both sides told it. */
function cpuDetails(a: AppTimes[], b: AppTimes[]): string {
  const sa = a.map((t) => t.cpuSeconds);
  const sb = b.map((t) => t.cpuSeconds);
  if (sa.some((x) => x === undefined) || sb.some((x) => x === undefined)) return '';
  const c = compareRounds(sa as number[], sb as number[]);
  return `; browser CPU time over the loads ${c.ratio.toFixed(2)}× (${c.medianA.toFixed(1)} s vs ${c.medianB.toFixed(1)} s; per round ${c.perRound.map((r) => r.toFixed(2)).join('/')}; by process ${cpuByRoleDetails(a, b)})`;
}

/** Median CPU seconds per kind of process, side vs baseline: "browser 1.75 vs 1.13 s, renderer (extension) 1.28 vs 0 s, …". */
function cpuByRoleDetails(a: AppTimes[], b: AppTimes[]): string {
  const roles = [...new Set([...a, ...b].flatMap((t) => Object.keys(t.cpuByRole ?? {})))].sort();
  const med = (list: AppTimes[], role: string) => median(list.map((t) => t.cpuByRole?.[role] ?? 0));
  return roles.map((r) => `${r} ${med(a, r).toFixed(2)} vs ${med(b, r).toFixed(2)} s`).join(', ');
}

/** One result per app × pair × (cold load, reload): median ratio, per-round range, absolute medians. */
export function pairResults<S extends SideLike>(plan: RoundsPlan<S>, samples: Samples, pairs: Pair[]): BenchResult[] {
  const out: BenchResult[] = [];
  for (const app of APPS) {
    const requests = samples.get(pairs[0]!.baseline)!.times[app][0]!.resources;
    const appLabel = `${plan.browser}, ${app === 'dev' ? 'dev server app' : 'production build'} (${requests} requests per load)`;
    for (const pair of pairs) {
      const a = samples.get(pair.side)!;
      const b = samples.get(pair.baseline)!;
      const dir = plan.sides.find((s) => s.id === pair.side)?.extensionDir;
      for (const phase of ['cold', 'reload'] as const) {
        const pick = (t: AppTimes): number => (phase === 'cold' ? t.coldMs : t.reloadMs);
        const c = compareRounds(a.times[app].map(pick), b.times[app].map(pick));
        out.push({
          name: `${appLabel}, ${pair.label}, ${phase === 'cold' ? 'cold load' : `reload (median of ${plan.reloads})`}`,
          ratio: c.ratio,
          target: TARGET,
          range: { min: c.min, max: c.max, runs: plan.rounds },
          details: `median ${ms(c.medianA)} vs ${ms(c.medianB)}; per-round ratios ${c.perRound.map((r) => r.toFixed(2)).join('/')} (${plan.rounds} rounds)${phase === 'cold' ? cpuDetails(a.times[app], b.times[app]) : ''}; build ${dir ? rel(dir) : '-'} (${[...a.notes].join('; ')}); ${os.cpus().length} shared cores`,
        });
      }
    }
  }
  return out;
}
