/**
 * The lab page's script (bundled by esbuild when the lab starts). Renders the scenario buttons and
 * performs each scenario's request exactly as its RequestSpec says. Plain DOM, `textContent` only:
 * scenario text never becomes markup.
 */
import { runInContext } from '../contexts/run-in-context';
import type { LabOrigins } from '../lab-urls';
import { originFor, scenarioPath } from '../lab-urls';
import type { RequestSpec, Scenario } from '../scenario-types';
import { expandPlaceholders } from '../scenarios/build';
import { FEATURED_IDS, GROUP_ORDER, GROUP_TITLES, scenarios } from '../scenarios/index';
import type { LabAutomation, RunOnce, RunResult } from './automation';
import type { LabPageVariant } from '../scenario-types';
import { labPageUrl, webSocketOrigin } from '../lab-urls';
import { viaWebSocket, wrongPage } from './websocket-runner';
import { runSubresource } from './subresource-runners';

const TIMEOUT_MS = 15_000;


const origins = readConfig();
/** Which lab page variant this is (`Scenario.page`); the main page has none. */
const currentPage = (origins as LabOrigins & { labPage?: LabPageVariant }).labPage;
const byId = new Map(scenarios.map((s) => [s.id, s]));
const badges = new Map<string, HTMLElement[]>();

function readConfig(): LabOrigins {
  const el = document.getElementById('lab-config');
  return JSON.parse(el?.textContent ?? '{}') as LabOrigins;
}

function randomNonce(): string {
  return Math.random().toString(36).slice(2, 10);
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

async function viaFetch(url: string, r: RequestSpec): Promise<RunOnce> {
  const started = performance.now();
  const init: RequestInit = { method: r.method };
  if (r.headers) init.headers = r.headers;
  if (r.credentials) init.credentials = r.credentials;
  if (r.mode) init.mode = r.mode;
  if (r.redirect) init.redirect = r.redirect;
  if (r.body !== undefined) init.body = r.body;
  const abort = new AbortController();
  init.signal = abort.signal;
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, init);
    let bodyPreview = '';
    try {
      bodyPreview = (await res.text()).slice(0, 80);
    } catch {
      bodyPreview = '';
    }
    return { ok: true, status: res.status, type: res.type, redirected: res.redirected, url: res.url, bodyPreview, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, error: errorText(e), ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function viaXhr(url: string, r: RequestSpec): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    try {
      x.open(r.method, url);
    } catch (e) {
      resolve({ ok: false, error: errorText(e), ms: ms() });
      return;
    }
    x.withCredentials = r.credentials === 'include';
    x.timeout = TIMEOUT_MS;
    for (const [name, value] of Object.entries(r.headers ?? {})) {
      try {
        x.setRequestHeader(name, value);
      } catch {
        // A forbidden header name: the browser refuses it (and logs why); the request goes on.
      }
    }
    x.onload = () => resolve({ ok: true, status: x.status, type: 'xhr', url: x.responseURL, bodyPreview: x.responseText.slice(0, 80), ms: ms() });
    x.onerror = () => resolve({ ok: false, status: x.status, error: 'XMLHttpRequest error (status 0)', ms: ms() });
    x.ontimeout = () => resolve({ ok: false, error: 'XMLHttpRequest timeout', ms: ms() });
    try {
      x.send(r.body ?? null);
    } catch (e) {
      resolve({ ok: false, error: errorText(e), ms: ms() });
    }
  });
}

async function runScenario(id: string, nonce: string = randomNonce()): Promise<RunResult> {
  const s = byId.get(id);
  if (!s) return { id, nonce, ok: false, error: `unknown scenario ${id}`, ms: 0 };
  const misplaced = wrongPage(s, currentPage);
  if (misplaced) {
    setBadges(id, 'error', misplaced);
    return { id, nonce, ok: false, error: misplaced, ms: 0 };
  }
  setBadges(id, 'running', 'running…');
  const url = originFor(s.request.target, origins) + scenarioPath(s.id, 'main', nonce);
  const repeat = Math.max(1, s.request.repeat ?? 1);
  const runs: RunOnce[] = [];
  for (let i = 0; i < repeat; i++) {
    if (s.request.context) runs.push(await runInContext(s.request.context, url, s.request, origins));
    else if (s.request.via === 'websocket') runs.push(await viaWebSocket(webSocketOrigin(url), TIMEOUT_MS));
    else runs.push(await (runSubresource(s.request.via, url, s.request) ?? (s.request.via === 'xhr' ? viaXhr(url, s.request) : viaFetch(url, s.request))));
  }
  const last = runs[runs.length - 1] ?? { ok: false, error: 'no run', ms: 0 };
  const result: RunResult = { id, nonce, ...last };
  if (repeat > 1) result.runs = runs;
  showResult(result);
  return result;
}

async function runAll(ids: string[] = scenarios.map((s) => s.id)): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const id of ids) out.push(await runScenario(id));
  return out;
}

// ---------------------------------------------------------------- rendering

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function setBadges(id: string, kind: string, text: string): void {
  for (const b of badges.get(id) ?? []) {
    b.className = `badge ${kind}`;
    b.textContent = text;
  }
}

function showResult(r: RunResult): void {
  if (!r.ok) {
    setBadges(r.id, 'error', r.error ?? 'error');
    return;
  }
  const kind = r.type === 'opaque' || r.type === 'opaqueredirect' ? 'opaque' : 'ok';
  const repeats = r.runs ? ` ×${r.runs.length}` : '';
  setBadges(r.id, kind, `${r.status ?? ''} ${r.type ?? ''}${repeats}`.trim());
}

/** Scenario texts use the lab placeholders; show them with this lab's real origins. */
function expand(text: string): string {
  return expandPlaceholders(text, origins.pageOrigin, { page: origins.pageOrigin, api: origins.apiOrigin, third: origins.thirdOrigin });
}

function expectation(s: Scenario): string {
  const e = s.expect;
  const detail = e.corsError ? ` (${e.corsError}${e.failedParameter ? `: ${e.failedParameter}` : ''})` : '';
  const ff = e.firefoxOutcome ? `; Firefox: ${e.firefoxOutcome}` : '';
  return expand(`${s.request.method} → ${s.request.target} · expect ${e.outcome}${detail}${ff}`);
}

function row(s: Scenario): HTMLLIElement {
  const li = el('li', 'scenario');
  li.dataset.id = s.id;
  const button = el('button', 'run', s.title);
  button.type = 'button';
  button.addEventListener('click', () => void runScenario(s.id));
  const badge = el('span', 'badge', 'not run');
  badges.set(s.id, [...(badges.get(s.id) ?? []), badge]);
  li.append(button, badge, el('p', 'desc', expand(s.description)), el('code', 'meta', expectation(s)));
  if (wrongPage(s, currentPage)) {
    const link = el('a', 'variant', `Runs from the ${s.page ?? 'main'} lab page: open it`);
    link.href = labPageUrl(origins, s.page);
    li.append(link);
  }
  return li;
}

function render(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const featured = FEATURED_IDS.map((id) => byId.get(id)).filter((s): s is Scenario => s !== undefined);

  const featuredSection = el('section');
  featuredSection.append(el('h2', undefined, 'Featured scenarios'));
  const toolbar = el('div', 'toolbar');
  const runFeatured = el('button', 'primary', 'Run all featured');
  runFeatured.type = 'button';
  runFeatured.id = 'run-featured';
  runFeatured.addEventListener('click', () => void runAll(featured.map((s) => s.id)));
  toolbar.append(runFeatured, el('span', undefined, `${featured.length} featured of ${scenarios.length}`));
  const list = el('ul', 'scenarios');
  list.append(...featured.map(row));
  featuredSection.append(toolbar, list);

  const all = el('details');
  all.id = 'all-scenarios';
  all.append(el('summary', undefined, `All scenarios (${scenarios.length})`));
  const groups = [...GROUP_ORDER, ...new Set(scenarios.map((s) => s.group).filter((g) => !(GROUP_ORDER as readonly string[]).includes(g)))];
  for (const g of groups) {
    const members = scenarios.filter((s) => s.group === g);
    if (!members.length) continue;
    const d = el('details');
    d.dataset.group = g;
    d.append(el('summary', undefined, `${GROUP_TITLES[g] ?? g} (${members.length})`));
    const ul = el('ul', 'scenarios');
    ul.append(...members.map(row));
    d.append(ul);
    all.append(d);
  }
  root.append(featuredSection, all);
}

const automation: LabAutomation = {
  labScenarios: scenarios.map((s) => s.id),
  labFeatured: FEATURED_IDS.filter((id) => byId.has(id)),
  runScenario,
  runAll,
};
Object.assign(window, automation);
render();
