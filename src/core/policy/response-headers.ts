/** The complete CORS header set each response must carry under a policy, for one allowed origin. */
import type { FixPolicy } from './types';

export type HeaderSetInput = Pick<FixPolicy, 'allowMethods' | 'allowHeaders' | 'allowCredentials' | 'exposeHeaders' | 'maxAge' | 'preflight'>;

export function responseHeaderSet(p: HeaderSetInput, origin: string | undefined): FixPolicy['responseHeaders'] {
  const preflight: Record<string, string> = {};
  const actual: Record<string, string> = {};
  if (origin !== undefined) {
    preflight['Access-Control-Allow-Origin'] = origin;
    actual['Access-Control-Allow-Origin'] = origin;
  }
  if (p.allowCredentials) {
    preflight['Access-Control-Allow-Credentials'] = 'true';
    actual['Access-Control-Allow-Credentials'] = 'true';
  }
  if (p.allowMethods.length) preflight['Access-Control-Allow-Methods'] = p.allowMethods.join(', ');
  if (p.allowHeaders.length) preflight['Access-Control-Allow-Headers'] = p.allowHeaders.join(', ');
  if (p.maxAge !== undefined) preflight['Access-Control-Max-Age'] = String(p.maxAge);
  if (p.exposeHeaders.length) actual['Access-Control-Expose-Headers'] = p.exposeHeaders.join(', ');
  preflight.Vary = 'Origin';
  actual.Vary = 'Origin';
  return { preflight: p.preflight ? preflight : {}, actual };
}
