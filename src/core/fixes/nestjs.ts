/** NestJS `app.enableCors`: CORS runs as middleware, before guards, so preflights pass auth. */
import type { FixPolicy } from '../policy';
import { corsPackageOptions } from './js-cors-options';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const opts = corsPackageOptions(m, '    ', 'exact matches only');
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
