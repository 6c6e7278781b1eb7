/** Representative policies for renderer tests, built through synthesizePolicy from hand-made exchanges. */
import { synthesizePolicy, type FixPolicy } from '../../../../src/core/policy';
import { API, INCLUDE, exchange, verdict } from './build';

/** Credentialed PUT with JSON + Authorization; preflight rejected by auth (401). */
export function credentialedPut(): FixPolicy {
  const x = exchange({
    method: 'PUT',
    requestHeaders: [['Content-Type', 'application/json'], ['Authorization', 'Bearer s3cr3t-token']],
    preflight: { status: 401 },
    actualNeverSent: true,
  });
  const p = synthesizePolicy(x, verdict('preflight-acao-missing', INCLUDE));
  return { ...p, exposeHeaders: ['x-total-count'] };
}

/** A simple GET without credentials whose response lacks ACAO, reading ETag. */
export function simpleGet(): FixPolicy {
  const x = exchange({ url: `${API}/items?page=2`, actual: { status: 200, headers: [['Content-Type', 'application/json'], ['ETag', '"abc"']] } });
  return synthesizePolicy(x, verdict('acao-missing'));
}

/** No origin captured, API on https at the root path. */
export function unknownOrigin(): FixPolicy {
  const x = exchange({ origin: null, url: 'https://api.example.com/things', method: 'DELETE', preflight: { status: 404 }, actualNeverSent: true });
  return synthesizePolicy(x, verdict('preflight-acao-missing'));
}

/** Valid but unusual values: several origins (IPv6, extension), odd-but-legal token characters. */
export function oddButValid(): FixPolicy {
  const base = credentialedPut();
  return {
    ...base,
    allowOrigins: ['http://localhost:5173', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop'],
    allowMethods: ['PROPFIND'],
    allowHeaders: ["x-it's", 'x-`tick`', 'x-$dollar', 'x-#$a', 'x-%p', 'x-~tilde', 'x-|pipe', 'x-!^&*+.'],
    exposeHeaders: ["x-it's", 'x-$dollar', 'x-%p'],
  };
}

/** Hostile values straight into a policy (as a corrupted HAR could carry): renderers must neither break nor pass them on. */
export const HOSTILE_ORIGINS = [
  "https://a.example'); require('child_process').exec('id'); ('",
  'https://a.example"\n});evil();//',
  'https://a.example`${process.exit()}`',
  'https://a.example\\',
  'https://a.example */ evil /*',
  'https://a.example#{`id`}',
  'https://a.example$(id)',
  'https://é.example',
  'https://a.example\r\nSet-Cookie: x=1',
  '*',
  'null',
];
export const HOSTILE_NAMES = ['x-a"b', "x-a'b\nc", 'x-${a}', 'x-`id`', 'x-a\\b', 'x-*/', 'x-é', 'x a', '', 'x-a\r\nx-b'];

export function hostile(): FixPolicy {
  const base = credentialedPut();
  return {
    ...base,
    allowOrigins: [...HOSTILE_ORIGINS, 'http://localhost:5173'],
    allowMethods: ['PUT', 'DEL"ETE', 'P OST'],
    allowHeaders: [...HOSTILE_NAMES, 'content-type'],
    exposeHeaders: [...HOSTILE_NAMES, 'x-total-count'],
  };
}
