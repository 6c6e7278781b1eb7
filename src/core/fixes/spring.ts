/** Spring (Boot / MVC / Security): a CorsConfigurationSource bean; Spring Security's CorsFilter runs before auth. */
import type { FixPolicy } from '../policy';
import { javaString } from './escape';
import { javaList } from './literals';
import { renderModel } from './model';
import type { RenderContext, RenderedFix } from './types';

export function render(policy: FixPolicy, ctx: RenderContext = {}): RenderedFix {
  const m = renderModel(policy, ctx);
  const pattern = m.pathPrefix === '/' ? '/**' : `${m.pathPrefix}**`;
  const body = [
    '        CorsConfiguration config = new CorsConfiguration();',
    '        // Exact origins; Spring sends back the matching one (never "*" with credentials).',
    `        config.setAllowedOrigins(${javaList(m.origins)});`,
    `        config.setAllowedMethods(${javaList(m.methods)});`,
    `        config.setAllowedHeaders(${javaList(m.headers)});`,
  ];
  if (m.expose.length) body.push(`        config.setExposedHeaders(${javaList(m.expose)});`);
  if (m.credentials) body.push('        config.setAllowCredentials(true);');
  body.push(`        config.setMaxAge(${m.maxAge}L);`);
  body.push('');
  body.push('        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();');
  body.push(`        source.registerCorsConfiguration(${javaString(pattern)}, config);`);
  body.push('        return source;');
  const lines = [
    'import java.util.List;',
    '',
    'import org.springframework.context.annotation.Bean;',
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.web.cors.CorsConfiguration;',
    'import org.springframework.web.cors.CorsConfigurationSource;',
    'import org.springframework.web.cors.UrlBasedCorsConfigurationSource;',
    '',
    '@Configuration',
    'public class CorsConfig {',
    '',
    '    // With Spring Security, also call http.cors(Customizer.withDefaults()) in your SecurityFilterChain:',
    '    // its CorsFilter then answers preflights before authentication.',
    '    @Bean',
    '    public CorsConfigurationSource corsConfigurationSource() {',
    ...body,
    '    }',
    '}',
  ];
  return {
    label: 'Spring (CorsConfigurationSource)',
    language: 'java',
    code: lines.join('\n') + '\n',
    notes: [...m.notes, 'Without Spring Security, Spring MVC picks this bean up for its handler mappings; with it, enable http.cors().', 'Preflights are answered with 200, which browsers accept like 204.'],
  };
}
