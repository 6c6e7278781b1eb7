/**
 * The source of the benchmark's React app, generated at bench time (hundreds of files are not
 * worth committing): index.html, main.jsx, App.jsx, an API module, shared utility modules, CSS
 * and a tree of components. Served unbundled by `vite` it costs one request per module, like a
 * real dev app; `vite build` turns the same source into the production app.
 * Pure: returns path → text; bench/support/dev-app/servers.ts writes it to disk.
 */

export interface AppShape {
  /** Component modules (the bulk of the dev server's requests). */
  components: number;
  /** Children each component imports: sets the depth of the import graph (the fetch waterfall). */
  fanOut: number;
  /** Utility modules every few components import (shared leaves of the graph). */
  utilities: number;
  /** CSS files, imported by the first components. */
  stylesheets: number;
}

/** ~695 same-origin modules per cold load with Vite's own client and React's pre-bundled deps. */
export const DEFAULT_SHAPE: AppShape = { components: 660, fanOut: 4, utilities: 12, stylesheets: 8 };

export type ApiCallKind = 'simple' | 'simple-blocked' | 'preflighted' | 'preflighted-blocked';

export interface ApiCall {
  kind: ApiCallKind;
  /** Path on the API server; the server answers by kind (bench/support/dev-app/api-server.ts). */
  path: string;
  method: 'GET' | 'PUT' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** 20 cross-origin calls: 10 simple and 10 preflighted, one of each blocked by CORS. */
export function apiCalls(): ApiCall[] {
  const calls: ApiCall[] = [];
  for (let i = 0; i < 9; i++) calls.push({ kind: 'simple', path: `/api/simple/${i}`, method: 'GET' });
  calls.push({ kind: 'simple-blocked', path: '/api/simple-blocked/0', method: 'GET' });
  for (let i = 0; i < 9; i++) {
    calls.push({ kind: 'preflighted', path: `/api/preflighted/${i}`, method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: `{"item":${i}}` });
  }
  // The preflight does not allow this header: the browser never sends the POST.
  calls.push({ kind: 'preflighted-blocked', path: '/api/preflighted-blocked/0', method: 'POST', headers: { 'X-Trace-Id': 'bench' } });
  return calls;
}

const componentName = (i: number): string => `Component${String(i).padStart(4, '0')}`;
const utilityName = (i: number): string => `util${String(i).padStart(2, '0')}`;

/** Children of component `i` in a breadth-first tree: a graph as deep as log_fanOut(components). */
export function childrenOf(i: number, shape: AppShape): number[] {
  const first = i * shape.fanOut + 1;
  return Array.from({ length: shape.fanOut }, (_, k) => first + k).filter((c) => c < shape.components);
}

function componentSource(i: number, shape: AppShape): string {
  const children = childrenOf(i, shape);
  const util = utilityName(i % shape.utilities);
  const imports = [
    `import { useState } from 'react';`,
    `import { ${util} } from '../utils/${util}.js';`,
    ...(i < shape.stylesheets ? [`import '../styles/style${i}.css';`] : []),
    ...children.map((c) => `import ${componentName(c)} from './${componentName(c)}.jsx';`),
  ];
  return `${imports.join('\n')}

export default function ${componentName(i)}() {
  const [open, setOpen] = useState(${i % 3 === 0});
  return (
    <section className="c${i % 10}" data-id={${util}(${i})} onClick={() => setOpen(!open)}>
      <h4>Item ${i}</h4>
      ${children.map((c) => `<${componentName(c)} />`).join('\n      ')}
    </section>
  );
}
`;
}

function apiModuleSource(): string {
  return `// The app's cross-origin calls (the API origin comes from the page's query: ?api=…).
const calls = ${JSON.stringify(apiCalls(), null, 2)};

export function apiOrigin() {
  return new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:1';
}

/** Fires every call at once; resolves with how many the browser refused (TypeError). */
export async function loadAll() {
  const origin = apiOrigin();
  const outcomes = await Promise.allSettled(calls.map(async (c) => {
    const init = { method: c.method, cache: 'no-store' };
    if (c.headers) init.headers = c.headers;
    if (c.body) init.body = c.body;
    const response = await fetch(origin + c.path, init);
    return response.json();
  }));
  return outcomes.filter((o) => o.status === 'rejected').length;
}
`;
}

const MAIN_SOURCE = `import { createRoot } from 'react-dom/client';
import App from './App.jsx';

createRoot(document.getElementById('root')).render(<App />);
`;

const APP_SOURCE = `import { useEffect, useState } from 'react';
import { loadAll } from './api.js';
import Component0000 from './components/Component0000.jsx';

/** Resolves window.__benchDone once the API calls settled and the load event fired. */
function reportWhenLoaded(blocked) {
  const done = () => window.__benchReport({ ready: performance.now(), blocked, resources: performance.getEntriesByType('resource').length });
  if (document.readyState === 'complete') done();
  else addEventListener('load', done, { once: true });
}

export default function App() {
  const [blocked, setBlocked] = useState(null);
  useEffect(() => {
    loadAll().then((n) => { setBlocked(n); reportWhenLoaded(n); });
  }, []);
  return (
    <main>
      <p id="status">{blocked === null ? 'loading' : blocked + ' calls refused'}</p>
      <Component0000 />
    </main>
  );
}
`;

/** The inline script runs before any module: it holds the promise the bench awaits. */
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>CORS Lens bench app</title>
    <script>
      performance.setResourceTimingBufferSize(5000);
      window.__benchDone = new Promise((resolve) => { window.__benchReport = resolve; });
    </script>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.jsx"></script>
  </body>
</html>
`;

/** Every file of the app, by path relative to the app's root. */
export function appFiles(shape: AppShape = DEFAULT_SHAPE): Map<string, string> {
  const files = new Map<string, string>([
    ['index.html', INDEX_HTML],
    ['src/main.jsx', MAIN_SOURCE],
    ['src/App.jsx', APP_SOURCE],
    ['src/api.js', apiModuleSource()],
  ]);
  for (let u = 0; u < shape.utilities; u++) {
    files.set(`src/utils/${utilityName(u)}.js`, `export function ${utilityName(u)}(n) {\n  return 'u${u}-' + (n * ${u + 7}) % 97;\n}\n`);
  }
  for (let s = 0; s < shape.stylesheets; s++) {
    files.set(`src/styles/style${s}.css`, `.c${s} { padding: ${s % 4}px; border-left: 1px solid #${(s * 37 % 256).toString(16).padStart(2, '0')}8888; }\n`);
  }
  for (let i = 0; i < shape.components; i++) files.set(`src/components/${componentName(i)}.jsx`, componentSource(i, shape));
  return files;
}
