/**
 * A throwaway self-signed certificate for the lab's https page (mixed-content scenarios), made
 * with the system's openssl at start: no key is ever stored in the repository. Tests tell the
 * browser to accept it (Chromium --ignore-certificate-errors, Firefox acceptInsecureCerts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabCertificate {
  key: Buffer;
  cert: Buffer;
}

let made: LabCertificate | null | undefined;

/** The certificate (for 127.0.0.1 and localhost), or null when openssl is not available. */
export function labCertificate(): LabCertificate | null {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), 'cors-lab-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '7', '-subj', '/CN=CORS lab', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    made = { key: readFileSync(key), cert: readFileSync(cert) };
  } catch {
    made = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return made;
}
