/** Koa + @koa/cors: auth middleware and routes go after the snippet's marker line. */
import { insertInstall, nodeStack } from './node-common';

export const koa = nodeStack({
  id: 'koa',
  label: 'Koa (@koa/cors)',
  appFile: 'koa-app.mjs',
  apply: (snippet) => insertInstall(snippet, '// Your auth middleware and routes go after this line.', 'koa-app.mjs', 'app'),
});
