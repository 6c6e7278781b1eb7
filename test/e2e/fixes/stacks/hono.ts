/** Hono (hono/cors on @hono/node-server): a TypeScript snippet, run through tsx. */
import { insertInstall, nodeStack } from './node-common';

export const hono = nodeStack({
  id: 'hono',
  label: 'Hono (hono/cors)',
  appFile: 'hono-app.mjs',
  extension: '.ts',
  nodeArgs: ['--import', 'tsx'],
  apply: (snippet) => insertInstall(snippet, '// Your auth middleware and routes go after this line.', 'hono-app.mjs', 'app'),
});
