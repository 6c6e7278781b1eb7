/**
 * The stack registry: every server stack CORS Lens renders a fix for, in display order.
 * `renderAll` renders them all from one policy; a renderer that throws yields a note, not a crash.
 */
import type { FixPolicy } from '../policy';
import * as apache from './apache';
import * as aspnetCore from './aspnet-core';
import * as awsApiGateway from './aws-api-gateway';
import * as caddy from './caddy';
import * as cloudflareWorkers from './cloudflare-workers';
import * as curl from './curl';
import * as django from './django';
import * as express from './express';
import * as fastapi from './fastapi';
import * as fastify from './fastify';
import * as flask from './flask';
import * as goNetHttp from './go-net-http';
import * as goRsCors from './go-rs-cors';
import * as hono from './hono';
import * as httpHeaders from './http-headers';
import * as koa from './koa';
import * as nestjs from './nestjs';
import * as nextjs from './nextjs';
import * as nginx from './nginx';
import * as nodeHttp from './node-http';
import * as rails from './rails';
import * as spring from './spring';
import * as viteProxy from './vite-proxy';
import type { RenderContext, RenderedFix, StackRenderer } from './types';

export type { Render, RenderContext, RenderedFix, StackRenderer } from './types';

export const STACKS: readonly StackRenderer[] = Object.freeze([
  { id: 'http-headers', label: 'HTTP headers', language: 'http', render: httpHeaders.render },
  { id: 'curl', label: 'curl', language: 'shell', render: curl.render },
  { id: 'node-http', label: 'Node.js (node:http)', language: 'javascript', render: nodeHttp.render },
  { id: 'express', label: 'Express', language: 'javascript', render: express.render },
  { id: 'fastify', label: 'Fastify', language: 'javascript', render: fastify.render },
  { id: 'koa', label: 'Koa', language: 'javascript', render: koa.render },
  { id: 'hono', label: 'Hono', language: 'typescript', render: hono.render },
  { id: 'nestjs', label: 'NestJS', language: 'typescript', render: nestjs.render },
  { id: 'nextjs', label: 'Next.js', language: 'typescript', render: nextjs.render },
  { id: 'cloudflare-workers', label: 'Cloudflare Workers', language: 'javascript', render: cloudflareWorkers.render },
  { id: 'nginx', label: 'nginx', language: 'nginx', render: nginx.render },
  { id: 'apache', label: 'Apache httpd', language: 'apache', render: apache.render },
  { id: 'caddy', label: 'Caddy', language: 'caddy', render: caddy.render },
  { id: 'django', label: 'Django', language: 'python', render: django.render },
  { id: 'flask', label: 'Flask', language: 'python', render: flask.render },
  { id: 'fastapi', label: 'FastAPI', language: 'python', render: fastapi.render },
  { id: 'go-net-http', label: 'Go (net/http)', language: 'go', render: goNetHttp.render },
  { id: 'go-rs-cors', label: 'Go (rs/cors)', language: 'go', render: goRsCors.render },
  { id: 'rails', label: 'Rails (rack-cors)', language: 'ruby', render: rails.render },
  { id: 'spring', label: 'Spring', language: 'java', render: spring.render },
  { id: 'aspnet-core', label: 'ASP.NET Core', language: 'csharp', render: aspnetCore.render },
  { id: 'aws-api-gateway', label: 'AWS API Gateway', language: 'json', render: awsApiGateway.render },
  { id: 'vite-proxy', label: 'Vite dev proxy', language: 'typescript', render: viteProxy.render },
]);

export type StackId = string;

export function stackById(id: string): StackRenderer | undefined {
  return STACKS.find((s) => s.id === id);
}

/** Every stack's snippet for one policy, keyed by stack id. */
export function renderAll(policy: FixPolicy, ctx: RenderContext = {}): Record<StackId, RenderedFix> {
  return renderStacks(policy, STACKS.map((s) => s.id), ctx);
}

/** The given stacks only (in registry order), as `renderAll` renders them. */
export function renderStacks(policy: FixPolicy, ids: readonly StackId[], ctx: RenderContext = {}): Record<StackId, RenderedFix> {
  const out: Record<StackId, RenderedFix> = {};
  for (const stack of STACKS) {
    if (!ids.includes(stack.id)) continue;
    try {
      out[stack.id] = stack.render(policy, ctx);
    } catch (e) {
      out[stack.id] = { label: stack.label, language: stack.language, code: '', notes: [`Could not render this stack: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  return out;
}

/**
 * Stacks whose code quotes the request itself (its whole URL, method or headers); every other
 * stack reads the URL only through the render model (`requestUrlShape`).
 */
export const REQUEST_SPECIFIC_STACKS: readonly StackId[] = ['http-headers', 'curl', 'vite-proxy'];
