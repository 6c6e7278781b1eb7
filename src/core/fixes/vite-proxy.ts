/**
 * Vite dev-server proxy: a development-only workaround. The page calls its own origin and Vite
 * forwards to the API, so the browser never makes a cross-origin request. Production still needs
 * real CORS on the server (or the API served from the page's origin).
 */
import type { FixPolicy } from '../policy';
import { jsString } from './escape';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const prefix = m.pathPrefix === '/' ? '/api' : m.pathPrefix.replace(/\/$/, '');
  const target = m.apiOrigin ?? `http://${m.upstream}`;
  const rewrite = m.pathPrefix === '/';
  const lines = [
    '// vite.config.ts: DEVELOPMENT ONLY. The dev server forwards these paths to the API, so the',
    '// browser sees a same-origin request and CORS never applies. Production builds ignore this.',
    "import { defineConfig } from 'vite';",
    '',
    'export default defineConfig({',
    '  server: {',
    '    proxy: {',
    `      ${jsString(prefix)}: {`,
    `        target: ${jsString(target)},`,
    '        changeOrigin: true,',
    ...(rewrite ? [`        rewrite: (path) => path.slice(${prefix.length}),`] : []),
    '      },',
    '    },',
    '  },',
    '});',
  ];
  let example = '';
  try {
    const u = new URL(policy.request.url);
    example = rewrite ? `${prefix}${u.pathname}${u.search}` : `${u.pathname}${u.search}`;
  } catch {
    example = `${prefix}/…`;
  }
  return {
    label: 'Vite dev proxy (development only)',
    language: 'typescript',
    code: lines.join('\n') + '\n',
    notes: [
      ...m.notes,
      `In the page, call the relative path (fetch(${jsString(example)})) instead of the API's full URL.`,
      'Development only: production still needs the server-side CORS configuration (or the API on the same origin as the page).',
    ],
  };
}
