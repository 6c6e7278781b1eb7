/** NestJS `app.enableCors`: CORS runs as middleware, before guards, so preflights pass auth. */
import type { FixPolicy } from '../policy';
import { jsArray } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = [
    `    origin: ${jsArray(m.origins)}, // exact matches only`,
    `    methods: ${jsArray(m.methods)},`,
    `    allowedHeaders: ${jsArray(m.headers)},`,
  ];
  if (m.expose.length) opts.push(`    exposedHeaders: ${jsArray(m.expose)},`);
  if (m.credentials) opts.push('    credentials: true,');
  opts.push(`    maxAge: ${m.maxAge},`, `    optionsSuccessStatus: ${m.preflightStatus},`);
  const code = [
    '// main.ts',
    "import { NestFactory } from '@nestjs/core';",
    "import { AppModule } from './app.module';",
    '',
    'async function bootstrap() {',
    '  const app = await NestFactory.create(AppModule);',
    '  // CORS is middleware: it answers preflights before guards (auth) and interceptors run.',
    '  app.enableCors({',
    ...opts,
    '  });',
    `  await app.listen(${m.port});`,
    '}',
    'bootstrap();',
  ].join('\n');
  return { label: 'NestJS (enableCors)', language: 'typescript', code: code + '\n', notes: [...m.notes, 'Same options work on the Fastify adapter (they go to @fastify/cors).'] };
}
