/**
 * Unit tests' stand-in for `webextension-polyfill`, which refuses to load outside an extension.
 * On the browsers CORS Lens supports the polyfill hands back the native promise-based namespace,
 * so the stand-in forwards to whatever fake `globalThis.chrome` a test installed (read at call
 * time: tests install and replace their fakes after modules are imported).
 */
const forward = new Proxy(
  {},
  { get: (_target, key) => ((globalThis as unknown as { chrome?: Record<PropertyKey, unknown> }).chrome ?? {})[key] },
);
export default forward;
