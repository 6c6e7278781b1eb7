/**
 * Checks for the stacks that cannot run here, beyond parsing: the Spring snippet type-checks with
 * javac against stubs carrying Spring's signatures, and the API Gateway snippet matches the
 * shape of an HTTP API `CorsConfiguration`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../../../src/core/fixes';
import { SPRING_STUBS } from './java-stubs/stubs';
import { credentialedPut, hostile, oddButValid, simpleGet, unknownOrigin } from './policies';
import { hasTool } from './syntax';

const POLICIES = { credentialedPut, simpleGet, unknownOrigin, oddButValid, hostile };

// A JDK comes from .ci/install-stacks.sh (default-jdk-headless). Without one the check is
// skipped — said on the console here, and a failure in CI, where the JDK must be installed.
const javac = hasTool('javac');
if (!javac) console.warn('skipped — Spring snippet compile check: no javac (run .ci/install-stacks.sh as root)');

describe('a JDK for the Spring check', () => {
  it.runIf(process.env['CI'] === 'true')('is installed in CI', () => {
    expect(javac, 'javac missing: .ci/install-stacks.sh installs default-jdk-headless').toBe(true);
  });
});

describe.skipIf(!javac)('Spring snippet compiles against Spring signatures (javac + stubs); skipped without javac', () => {
  it('every policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lens-javac-'));
    try {
      const files: string[] = [];
      for (const [file, src] of Object.entries(SPRING_STUBS)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), src);
        files.push(file);
      }
      // One class per policy: same snippet, class renamed so all compile in one javac run.
      for (const [name, make] of Object.entries(POLICIES)) {
        const code = renderAll(make()).spring!.code;
        expect(code, name).toContain('public class CorsConfig ');
        const file = `CorsConfig_${name}.java`;
        writeFileSync(join(dir, file), code.replace('public class CorsConfig ', `public class CorsConfig_${name} `));
        files.push(file);
      }
      const r = spawnSync('javac', ['-encoding', 'UTF-8', '-Xlint:none', '-d', join(dir, 'out'), ...files], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(`${r.stdout}${r.stderr}`.trim(), 'javac output').toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('API Gateway snippet is an HTTP API CorsConfiguration', () => {
  const arrays = ['AllowOrigins', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders'];
  it.each(Object.entries(POLICIES))('%s', (_name, make) => {
    const config = JSON.parse(renderAll(make())['aws-api-gateway']!.code) as Record<string, unknown>;
    for (const [key, value] of Object.entries(config)) {
      if (arrays.includes(key)) {
        expect(Array.isArray(value) && value.every((v) => typeof v === 'string'), key).toBe(true);
      } else if (key === 'AllowCredentials') expect(typeof value, key).toBe('boolean');
      else if (key === 'MaxAge') expect(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 86400, key).toBe(true);
      else throw new Error(`not a CorsConfiguration field: ${key}`);
    }
    // API Gateway rejects credentials with a wildcard origin.
    if (config.AllowCredentials === true) expect(config.AllowOrigins).not.toContain('*');
  });
});
