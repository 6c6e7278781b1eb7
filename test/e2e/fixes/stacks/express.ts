/** Express + cors: auth middleware and routes go after the snippet's marker line. */
import { insertInstall, nodeStack } from './node-common';

export const express = nodeStack({
  id: 'express',
  label: 'Express (cors)',
  appFile: 'express-app.mjs',
  apply: (snippet) => insertInstall(snippet, '// Your authentication middleware and routes go after this line.', 'express-app.mjs', 'app'),
});
