import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCert {
  /** PEM certificate, valid for 127.0.0.1 and localhost; it is its own CA. */
  certFile: string;
  /** PEM private key (unencrypted, mode 0600). */
  keyFile: string;
}

/**
 * Generates a fresh self-signed certificate in `dir` with the `openssl` CLI,
 * so no key is ever shared between runs or checked in. The subject alternative
 * names are what clients verify; the common name alone is ignored by them.
 */
export async function makeSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const certFile = join(dir, 'tls-cert.pem');
  const keyFile = join(dir, 'tls-key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { certFile, keyFile };
}
