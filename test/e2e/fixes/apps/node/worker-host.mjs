// Runs a Cloudflare Worker module in Node: each incoming request becomes a fetch Request for the
// Worker, as on a Workers route in front of an origin. Like Cloudflare, a subrequest the Worker
// makes to its own host goes to the origin (UPSTREAM), not back into the Worker.
// Usage: node worker-host.mjs <worker.mjs>   (PORT, UPSTREAM from the environment)
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const port = Number(process.env.PORT);
const upstream = process.env.UPSTREAM;
const worker = (await import(pathToFileURL(process.argv[2]).href)).default;
const ownHost = `localhost:${port}`;
const realFetch = globalThis.fetch;

globalThis.fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.host !== ownHost && url.host !== `127.0.0.1:${port}`) return realFetch(request);
  const toOrigin = new URL(url.pathname + url.search, `http://${upstream}`);
  return realFetch(new Request(toOrigin, request));
};

const ctx = { waitUntil() {}, passThroughOnException() {} };

createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const body = chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  try {
    const response = await worker.fetch(new Request(`http://${req.headers.host ?? ownHost}${req.url}`, { method: req.method, headers, body }), {}, ctx);
    const out = [];
    response.headers.forEach((v, n) => out.push(n, v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`worker host error: ${e}`);
  }
}).listen(port, '127.0.0.1');
