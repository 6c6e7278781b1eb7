/*
 * Real client libraries from npm, bundled by the test (esbuild) into one classic script. Each
 * scenario makes the calls an app makes and reports what the app sees; the test compares the
 * result with and without CORS Lens.
 */
/* eslint-disable */
import axios from 'axios';
import ky from 'ky';
import { ofetch } from 'ofetch';
import jQuery from 'jquery';
import { fetch as whatwgFetch } from 'whatwg-fetch';
import * as Sentry from '@sentry/browser';

const errView = (e) => {
  if (!e || typeof e !== 'object') return { value: String(e) };
  return { ctor: e.constructor && e.constructor.name, name: e.name, message: e.message, stack: String(e.stack), cause: e.cause ? errView(e.cause) : undefined };
};
const attempt = async (fn) => {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { error: errView(e) };
  }
};

async function appAxios(P) {
  return {
    ok: await attempt(async () => (await axios.get(P.ok)).data),
    blocked: await attempt(() => axios.get(P.blocked)),
    fetchAdapterBlocked: await attempt(() => axios.get(P.blocked, { adapter: 'fetch' })),
  };
}
async function appKy(P) {
  return { ok: await attempt(() => ky.get(P.ok).json()), blocked: await attempt(() => ky.get(P.blocked, { retry: 0 }).json()) };
}
async function appOfetch(P) {
  return { ok: await attempt(() => ofetch(P.ok)), blocked: await attempt(() => ofetch(P.blocked, { retry: 0 })) };
}
function appJquery(P) {
  const call = (url) =>
    new Promise((resolve) => {
      jQuery.ajax({ url, dataType: 'json' }).then(
        (data) => resolve({ ok: data }),
        (xhr, status, thrown) => resolve({ fail: [xhr.readyState, xhr.status, status, String(thrown)].join('|') }),
      );
    });
  return Promise.all([call(P.ok), call(P.blocked)]).then(([ok, blocked]) => ({ ok, blocked }));
}
async function appWhatwgFetch(P) {
  return {
    ok: await attempt(async () => (await whatwgFetch(P.ok)).json()),
    blocked: await attempt(() => whatwgFetch(P.blocked)),
  };
}

/**
 * Sentry with its documented extension filters and a fake transport (nothing leaves the page):
 * every real error the app reports must arrive as an event.
 */
async function appSentry(P) {
  const envelopes = [];
  Sentry.init({
    dsn: 'https://public@sentry.invalid/1',
    defaultIntegrations: false,
    integrations: [Sentry.eventFiltersIntegration(), Sentry.dedupeIntegration()],
    denyUrls: [/extensions\//i, /^chrome(-extension)?:\/\//i, /^moz-extension:\/\//i, /moz-extension:\/\//i, /<anonymous code>/i, /safari-(web-)?extension:\/\//i],
    transport: (options) =>
      Sentry.createTransport(options, async (request) => {
        envelopes.push(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body));
        return { statusCode: 200 };
      }),
  });
  const failures = [
    () => fetch(P.blocked),
    () => fetch(P.closed),
    () => fetch('http://[bad'),
    () => axios.get(P.blocked, { adapter: 'fetch' }),
    () => ky.get(P.blocked, { retry: 0 }),
    () => {
      const x = new XMLHttpRequest();
      x.open('GET', P.blocked, false);
      x.send();
    },
    () => new EventSource('http://[bad'),
  ];
  let captured = 0;
  for (const fail of failures) {
    try {
      await fail();
    } catch (e) {
      captured++;
      Sentry.captureException(e);
    }
  }
  await Sentry.flush(10_000);
  const events = envelopes
    .map((body) => body.split('\n'))
    .filter((lines) => lines.some((l) => l.includes('"type":"event"')))
    .map((lines) => {
      const event = JSON.parse(lines[lines.length - 1] || lines[lines.length - 2]);
      const ex = event.exception && event.exception.values && event.exception.values[0];
      const frames = (ex && ex.stacktrace && ex.stacktrace.frames) || [];
      return { type: ex && ex.type, value: ex && ex.value, topFrame: frames.length ? frames[frames.length - 1].filename + ' ' + frames[frames.length - 1].function : 'none' };
    });
  await Sentry.close(1000);
  return { captured, delivered: events.length, events };
}

window.runLibsProbe = async (P) => ({
  axios: await appAxios(P),
  ky: await appKy(P),
  ofetch: await appOfetch(P),
  jquery: await appJquery(P),
  whatwgFetch: await appWhatwgFetch(P),
  sentry: await appSentry(P),
});
