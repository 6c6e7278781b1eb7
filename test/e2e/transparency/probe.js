/*
 * The transparency probe: everything a page can observe about fetch, XMLHttpRequest and
 * EventSource, written as an app would (named functions, so stacks have app frames). The test
 * loads this page in a browser with and without CORS Lens and compares the two results; every
 * value here must be the same in both. Globals: window.PROBE = { blocked, ok, closed, sse, sseBlocked }.
 */
/* eslint-disable */
(function () {
  const P = window.PROBE;
  const out = {};
  const errView = (e) => {
    if (!e || typeof e !== 'object') return { value: String(e) };
    const stack = typeof e.stack === 'string' ? e.stack : String(e.stack);
    return {
      ctor: e.constructor && e.constructor.name,
      name: e.name,
      message: e.message,
      stack,
      ownKeys: Object.getOwnPropertyNames(e).sort().join(','),
      cause: e.cause ? errView(e.cause) : undefined,
    };
  };
  const fnView = (owner, key) => {
    const f = owner[key];
    const d = Object.getOwnPropertyDescriptor(owner, key);
    let construct;
    try {
      Reflect.construct(String, [], f);
      construct = 'constructor';
    } catch (e) {
      construct = 'not: ' + e.message;
    }
    return {
      type: typeof f,
      name: f.name,
      length: f.length,
      toString: f.toString(),
      protoToString: Function.prototype.toString.call(f),
      string: String(f),
      ownKeys: Reflect.ownKeys(f).map(String).join(','),
      descriptor: d ? [d.writable, d.enumerable, d.configurable, typeof d.value].join('/') : 'none',
      toStringIsShared: f.toString === Function.prototype.toString,
      construct,
      proto: Object.getPrototypeOf(f) === Function.prototype,
      bindName: f.bind(null).name,
    };
  };
  const syncError = (fn) => {
    try {
      fn();
      return 'no error';
    } catch (e) {
      return errView(e);
    }
  };

  function appFetchBlocked() {
    return fetch(P.blocked);
  }
  function appFetchClosed() {
    return fetch(P.closed, { method: 'POST', body: 'x' });
  }
  function appFetchInvalid() {
    return fetch('http://[bad');
  }
  function appFetchBadInit() {
    return fetch(P.ok, { method: 'GET', body: 'not allowed' });
  }
  async function settle(p) {
    try {
      const r = await p;
      return { resolved: r.status + ' ' + r.type };
    } catch (e) {
      return { rejected: errView(e) };
    }
  }

  /** Microtask order: where the page's reaction runs among a chain of microtasks started in the same turn. */
  function orderAfter(start) {
    const log = [];
    const p = start();
    p.then(
      () => log.push('fetch-resolved'),
      () => log.push('fetch-rejected'),
    );
    let q = Promise.resolve();
    for (let i = 1; i <= 5; i++) q = q.then(() => log.push('tick' + i));
    return q.then(() => new Promise((r) => setTimeout(r, 0))).then(() => log.join(' '));
  }

  /** Microtask order of an asynchronous settlement: a microtask chain started inside the settling task. */
  function orderAsync(url) {
    return new Promise((resolve) => {
      const log = [];
      const p = fetch(url);
      // A first reaction starts a chain; a second one, registered after, must run in the same order.
      p.then(
        () => chain('resolved'),
        () => chain('rejected'),
      );
      p.then(
        () => log.push('second'),
        () => log.push('second'),
      );
      function chain(how) {
        log.push(how);
        let q = Promise.resolve();
        for (let i = 1; i <= 3; i++) q = q.then(() => log.push('tick' + i));
        q.then(() => setTimeout(() => resolve(log.join(' ')), 0));
      }
    });
  }

  function xhrSyncBlocked() {
    const x = new XMLHttpRequest();
    x.open('GET', P.blocked, false);
    x.send();
  }
  function xhrBadMethod() {
    new XMLHttpRequest().open('BAD METHOD', P.ok);
  }
  function xhrSendUnopened() {
    new XMLHttpRequest().send();
  }
  function xhrBadHeader() {
    const x = new XMLHttpRequest();
    x.open('GET', P.ok);
    x.setRequestHeader('bad header', 'x');
  }
  function xhrAsync(url) {
    return new Promise((resolve) => {
      const x = new XMLHttpRequest();
      const log = [];
      for (const t of ['loadstart', 'readystatechange', 'error', 'load', 'loadend']) x.addEventListener(t, () => log.push(t + ':' + x.readyState + ':' + x.status));
      x.onloadend = () => setTimeout(() => resolve(log.join(' ')), 0);
      x.open('GET', url);
      x.send();
    });
  }
  function esInvalid() {
    new EventSource('http://[bad');
  }
  function esNoNew() {
    EventSource(P.sse);
  }
  function esOutcome(url) {
    return new Promise((resolve) => {
      const es = new EventSource(url);
      const log = [];
      es.onopen = () => log.push('open');
      es.onmessage = (e) => {
        log.push('message:' + e.data);
        es.close();
        setTimeout(() => resolve(log.join(' ')), 0);
      };
      es.onerror = () => {
        log.push('error:' + es.readyState);
        es.close();
        setTimeout(() => resolve(log.join(' ')), 0);
      };
    });
  }

  async function unhandled() {
    return new Promise((resolve) => {
      let p;
      addEventListener(
        'unhandledrejection',
        (e) => {
          e.preventDefault();
          resolve({ samePromise: e.promise === p, reason: errView(e.reason) });
        },
        { once: true },
      );
      p = appFetchBlocked();
    });
  }

  /** A page that knows CORS Lens's channel (src/content/channel.ts) says hello: does anything answer? */
  function knockOnTheRelay() {
    const answers = [];
    const port = document.createElement('span');
    for (const t of ['cors-lens:ack', 'cors-lens:records']) port.addEventListener(t, () => answers.push(t));
    document.addEventListener('cors-lens:ready', () => answers.push('ready'));
    document.dispatchEvent(new MouseEvent('cors-lens:hello', { relatedTarget: port }));
    document.dispatchEvent(new Event('cors-lens:ready'));
    return answers.join(',') || 'silence';
  }

  async function run() {
    out.functions = {};
    for (const [label, owner, key] of [
      ['fetch', window, 'fetch'],
      ['EventSource', window, 'EventSource'],
      ['XMLHttpRequest', window, 'XMLHttpRequest'],
      ['xhr.open', XMLHttpRequest.prototype, 'open'],
      ['xhr.send', XMLHttpRequest.prototype, 'send'],
      ['xhr.setRequestHeader', XMLHttpRequest.prototype, 'setRequestHeader'],
      ['Function.prototype.toString', Function.prototype, 'toString'],
      ['Promise', window, 'Promise'],
      ['Promise.prototype.then', Promise.prototype, 'then'],
      ['addEventListener', EventTarget.prototype, 'addEventListener'],
      ['CustomEvent', window, 'CustomEvent'],
    ]) {
      out.functions[label] = fnView(owner, key);
    }
    out.globals = Object.getOwnPropertyNames(window).filter((k) => /cors|lens|hook/i.test(k)).join(',');
    out.activeProbe = knockOnTheRelay();
    out.xhrProtoKeys = Reflect.ownKeys(XMLHttpRequest.prototype).map(String).join(',');
    const es = new EventSource(P.sse);
    class Sub extends EventSource {}
    const sub = new Sub(P.sse);
    out.identities = {
      ctor: es.constructor === EventSource,
      instanceOf: es instanceof EventSource,
      proto: Object.getPrototypeOf(es) === EventSource.prototype,
      protoCtor: EventSource.prototype.constructor === EventSource,
      constants: [EventSource.CONNECTING, EventSource.OPEN, EventSource.CLOSED].join(','),
      subclass: sub instanceof Sub && sub instanceof EventSource && Object.getPrototypeOf(sub) === Sub.prototype,
      xhrCtor: new XMLHttpRequest().constructor === XMLHttpRequest,
      fetchPromise: Object.getPrototypeOf(appFetchInvalid().catch(() => {})) === Promise.prototype,
    };
    es.close();
    sub.close();
    out.sync = {
      newFetch: syncError(() => new fetch(P.ok)),
      fetchIllegal: syncError(() => fetch.call({}, P.ok)),
      xhrSyncBlocked: syncError(xhrSyncBlocked),
      xhrBadMethod: syncError(xhrBadMethod),
      xhrSendUnopened: syncError(xhrSendUnopened),
      xhrBadHeader: syncError(xhrBadHeader),
      xhrOpenIllegal: syncError(() => XMLHttpRequest.prototype.open.call({}, 'GET', P.ok)),
      esInvalid: syncError(esInvalid),
      esNoNew: syncError(esNoNew),
    };
    out.async = {
      blocked: await settle(appFetchBlocked()),
      closed: await settle(appFetchClosed()),
      invalid: await settle(appFetchInvalid()),
      badInit: await settle(appFetchBadInit()),
      ok: await settle(fetch(P.ok)),
      xhrBlocked: await xhrAsync(P.blocked),
      xhrOk: await xhrAsync(P.ok),
      esOk: await esOutcome(P.sse),
      esBlocked: await esOutcome(P.sseBlocked),
      unhandled: await unhandled(),
    };
    out.order = {
      invalidUrl: await orderAfter(appFetchInvalid),
      abort: await orderAfter(() => {
        const ac = new AbortController();
        const p = fetch(P.ok, { signal: ac.signal });
        ac.abort();
        return p;
      }),
      // (Not `orderAfter(() => fetch(P.ok))`: whether a network fetch settles before a setTimeout(0)
      // is a race with the network, not microtask order; okAsync checks the order once it settles.)
      blockedAsync: await orderAsync(P.blocked),
      okAsync: await orderAsync(P.ok),
    };
    return out;
  }
  window.runRawProbe = run;
})();
