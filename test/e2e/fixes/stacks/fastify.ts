/** Fastify + @fastify/cors: auth hook and routes go after the snippet's marker line. */
import { insertInstall, nodeStack } from './node-common';

export const fastify = nodeStack({
  id: 'fastify',
  label: 'Fastify (@fastify/cors)',
  appFile: 'fastify-app.mjs',
  apply: (snippet) => insertInstall(snippet, '// Your auth hooks and routes go after this line.', 'fastify-app.mjs', 'fastify'),
});
