/** Node `node:http`: the snippet is the whole server; the auth check goes where it says. */
import { insertAfterMarker } from '../processes';
import { nodeStack } from './node-common';

export const nodeHttp = nodeStack({
  id: 'node-http',
  label: 'Node.js (node:http)',
  appFile: 'node-http-app.mjs',
  apply: (snippet) =>
    // The handler's own answer stays the route; the auth check runs first, inside the handler.
    `${insertAfterMarker(snippet, '// Your authentication and routes go here', ['if (rejectUnauthorized(req, res)) return;'])}\nimport { rejectUnauthorized } from './node-http-app.mjs';\n`,
});
