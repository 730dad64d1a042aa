/**
 * The TLS files of https:// and wss:// listeners, read and paired before anything starts: a
 * missing or unreadable file, one that is not PEM, or a key that does not match its certificate
 * is a config error naming the listener's field, instead of a raw error once the policy loaded.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { pointer } from '../../engine/config/json-pointer.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { ListenerConfig } from './types.js';

/** `inFile`: the files were named by the config file (located there), not by --tls-cert/--tls-key. */
export function checkTlsFiles(listeners: readonly ListenerConfig[], inFile: boolean): ConfigDiagnostic[] {
  const errors: ConfigDiagnostic[] = [];
  listeners.forEach((l, i) => {
    if (!l.tls) return;
    const at = pointer('listen', i, 'tls');
    const cert = read(l.tls.cert, inFile ? 'tls.cert' : '--tls-cert', `${at}/cert`, inFile, errors);
    const key = read(l.tls.key, inFile ? 'tls.key' : '--tls-key', `${at}/key`, inFile, errors);
    if (cert === undefined || key === undefined) return;
    try {
      createSecureContext({ cert, key });
    } catch (error) {
      errors.push({ path: at, message: `listener ${l.url}: the certificate and key do not make a TLS identity (${(error as Error).message})`, inFile });
    }
  });
  return errors;
}

function read(file: string, field: string, at: string, inFile: boolean, errors: ConfigDiagnostic[]): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    errors.push({ path: at, message: `cannot read the ${field} file (${code === 'ENOENT' ? 'it does not exist' : code})`, inFile });
    return undefined;
  }
}
