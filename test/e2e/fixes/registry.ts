/** Every stack this machine can run, in the README's order. */
import type { StackHarness } from './types';
import { apache } from './stacks/apache';
import { caddy } from './stacks/caddy';
import { cloudflareWorkers } from './stacks/cloudflare-workers';
import { django } from './stacks/django';
import { express } from './stacks/express';
import { fastapi } from './stacks/fastapi';
import { fastify } from './stacks/fastify';
import { flask } from './stacks/flask';
import { goNetHttp } from './stacks/go-net-http';
import { goRsCors } from './stacks/go-rs-cors';
import { hono } from './stacks/hono';
import { koa } from './stacks/koa';
import { nginx } from './stacks/nginx';
import { nodeHttp } from './stacks/node-http';
import { rails } from './stacks/rails';

export const RUNNABLE_STACKS: StackHarness[] = [nodeHttp, express, fastify, koa, hono, cloudflareWorkers, nginx, apache, caddy, flask, django, fastapi, goNetHttp, goRsCors, rails];
