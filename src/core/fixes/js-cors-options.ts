/** Pieces the JavaScript renderers share: one definition each, so the stacks cannot drift apart. */
import { jsString } from './escape';
import { jsArray } from './literals';
import { headerList, type RenderModel } from './model';

/**
 * The options object of the `cors` package, which Express, @fastify/cors and NestJS's
 * `enableCors` all take: one property per line, at `indent`.
 */
export function corsPackageOptions(m: RenderModel, indent: string, originNote: string): string[] {
  const opts = [
    `${indent}origin: ${jsArray(m.origins)}, // ${originNote}`,
    `${indent}methods: ${jsArray(m.methods)},`,
    `${indent}allowedHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`${indent}exposedHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push(`${indent}credentials: true,`);
  opts.push(`${indent}maxAge: ${m.maxAge},`, `${indent}optionsSuccessStatus: ${m.preflightStatus},`);
  return opts;
}

/**
 * Entries of two header objects for hand-written middleware (Workers, Next.js): what every
 * allowed response carries, and what a preflight answer adds.
 */
export function corsHeaderEntries(m: RenderModel): { actual: string[]; preflight: string[] } {
  const actual: string[] = [];
  if (m.credentials) actual.push("  'Access-Control-Allow-Credentials': 'true',");
  if (m.expose.length) actual.push(`  'Access-Control-Expose-Headers': ${jsString(headerList(m.expose))},`);
  const preflight: string[] = [];
  if (m.methods.length) preflight.push(`  'Access-Control-Allow-Methods': ${jsString(headerList(m.methods))},`);
  if (m.headers.length) preflight.push(`  'Access-Control-Allow-Headers': ${jsString(headerList(m.headers))},`);
  preflight.push(`  'Access-Control-Max-Age': ${jsString(String(m.maxAge))},`);
  return { actual, preflight };
}
