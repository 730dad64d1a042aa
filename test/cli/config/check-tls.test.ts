/** TLS files are read and paired while the config is checked, so a bad one is a located config error. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTlsFiles } from '../../../cli/config/check-tls.js';
import type { ListenerConfig } from '../../../cli/config/types.js';
import { selfSignedCertificate } from '../../support/self-signed.js';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-check-tls-'));
const tls = selfSignedCertificate();
const other = selfSignedCertificate();

function listener(cert: string, key: string): ListenerConfig {
  return { url: 'https://127.0.0.1:0/mcp', allowedOrigins: [], allowedHosts: [], health: false, tls: { cert, key } };
}

function file(name: string, content: string | Buffer): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a missing file names its field, in the file or as a flag', () => {
  const missing = listener(path.join(dir, 'nope.pem'), path.join(dir, 'nope-key.pem'));
  assert.equal(checkTlsFiles([{ url: 'stdio', allowedOrigins: [], allowedHosts: [], health: false }, missing], true), [
    { path: '/listen/1/tls/cert', message: 'cannot read the tls.cert file (it does not exist)', inFile: true },
    { path: '/listen/1/tls/key', message: 'cannot read the tls.key file (it does not exist)', inFile: true },
  ]);
  assert.equal(checkTlsFiles([missing], false).map((d) => d.message), [
    'cannot read the --tls-cert file (it does not exist)',
    'cannot read the --tls-key file (it does not exist)',
  ]);
});

test('a certificate with its key passes; not PEM, or a key of another certificate, is refused at the listener', () => {
  if (!tls || !other) return console.log('skipped: openssl is not available to make a certificate');
  const cert = file('cert.pem', tls.cert);
  const key = file('key.pem', tls.key);
  assert.equal(checkTlsFiles([listener(cert, key)], true), []);
  const notPem = checkTlsFiles([listener(cert, file('junk.pem', 'not a key'))], true);
  assert.equal(notPem.map((d) => [d.path, d.inFile]), [['/listen/0/tls', true]]);
  assert.match(notPem[0]!.message, /^listener https:\/\/127\.0\.0\.1:0\/mcp: the certificate and key do not make a TLS identity/);
  const mismatched = checkTlsFiles([listener(cert, file('other-key.pem', other.key))], false);
  assert.equal(mismatched.map((d) => d.path), ['/listen/0/tls']);
  assert.not.ok(mismatched[0]!.message.includes('PRIVATE KEY'), 'no key material in the message');
});

test.run();
