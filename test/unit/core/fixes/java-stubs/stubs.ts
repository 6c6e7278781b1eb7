/**
 * Just enough of Spring's API, with Spring's own signatures, for javac to type-check the Spring
 * snippet (Spring itself is not installed here): package → class source.
 */
export const SPRING_STUBS: Record<string, string> = {
  'org/springframework/context/annotation/Configuration.java': `package org.springframework.context.annotation;
import java.lang.annotation.*;
@Target(ElementType.TYPE) @Retention(RetentionPolicy.RUNTIME)
public @interface Configuration {}
`,
  'org/springframework/context/annotation/Bean.java': `package org.springframework.context.annotation;
import java.lang.annotation.*;
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE}) @Retention(RetentionPolicy.RUNTIME)
public @interface Bean {}
`,
  'org/springframework/web/cors/CorsConfiguration.java': `package org.springframework.web.cors;
import java.time.Duration;
import java.util.List;
public class CorsConfiguration {
  public void setAllowedOrigins(List<String> allowedOrigins) {}
  public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {}
  public void setAllowedMethods(List<String> allowedMethods) {}
  public void setAllowedHeaders(List<String> allowedHeaders) {}
  public void setExposedHeaders(List<String> exposedHeaders) {}
  public void setAllowCredentials(Boolean allowCredentials) {}
  public void setMaxAge(Duration maxAge) {}
  public void setMaxAge(Long maxAge) {}
}
`,
  'org/springframework/web/cors/CorsConfigurationSource.java': `package org.springframework.web.cors;
public interface CorsConfigurationSource {}
`,
  'org/springframework/web/cors/UrlBasedCorsConfigurationSource.java': `package org.springframework.web.cors;
public class UrlBasedCorsConfigurationSource implements CorsConfigurationSource {
  public void registerCorsConfiguration(String pattern, CorsConfiguration config) {}
}
`,
};
