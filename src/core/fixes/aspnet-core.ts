/** ASP.NET Core CORS middleware: a named policy, UseCors before authentication. */
import type { FixPolicy } from '../policy';
import { csString } from './escape';
import { csArgs } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const chain = [`policy.WithOrigins(${csArgs(m.origins)})`];
  chain.push(m.methods.length ? `.WithMethods(${csArgs(m.methods)})` : '.WithMethods()');
  if (m.headers.length) chain.push(`.WithHeaders(${csArgs(m.headers)})`);
  if (m.expose.length) chain.push(`.WithExposedHeaders(${csArgs(m.expose)})`);
  if (m.credentials) chain.push('.AllowCredentials()');
  chain.push(`.SetPreflightMaxAge(TimeSpan.FromSeconds(${m.maxAge}))`);
  const lines = [
    '// Program.cs',
    'var builder = WebApplication.CreateBuilder(args);',
    '',
    'const string CorsPolicy = "CorsLens";',
    'builder.Services.AddCors(options =>',
    '{',
    '    // Exact origins; the matching one is sent back with Vary: Origin.',
    '    options.AddPolicy(CorsPolicy, policy =>',
    `        ${chain.join('\n            ')});`,
    '});',
    '',
    'var app = builder.Build();',
    '',
    '// UseCors before UseAuthentication/UseAuthorization: preflights are answered (204) before auth.',
    'app.UseCors(CorsPolicy);',
    '// app.UseAuthentication();',
    '// app.UseAuthorization();',
    '',
    '// Your endpoints go here.',
    '',
    `app.Run(${csString(`http://localhost:${m.port}`)});`,
  ];
  return { label: 'ASP.NET Core', language: 'csharp', code: lines.join('\n') + '\n', notes: [...m.notes] };
}
