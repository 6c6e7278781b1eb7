/** AWS API Gateway (HTTP API): the CorsConfiguration JSON; the gateway answers preflights before authorizers. */
import type { FixPolicy } from '../policy';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const config: Record<string, unknown> = {
    AllowOrigins: m.origins,
    AllowMethods: m.methods,
    AllowHeaders: m.headers,
  };
  if (m.expose.length) config.ExposeHeaders = m.expose;
  config.AllowCredentials = m.credentials;
  config.MaxAge = m.maxAge;
  // JSON.stringify escapes quotes, backslashes and control characters; \u2028/\u2029 are escaped too.
  const code = JSON.stringify(config, null, 2).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return {
    label: 'AWS API Gateway (HTTP API)',
    language: 'json',
    code: code + '\n',
    notes: [
      ...m.notes,
      'Save as cors.json and apply: aws apigatewayv2 update-api --api-id YOUR_API_ID --cors-configuration file://cors.json',
      'With CORS configured, an HTTP API answers preflights itself, before authorizers; remove any OPTIONS route that has an authorizer.',
      'REST APIs (v1) differ: enable CORS on the resource, return the headers from your Lambda (proxy integration), and add them to the DEFAULT_4XX/5XX gateway responses.',
    ],
  };
}
