/**
 * Listeners from the flags (which replace the file's) or the file, defaulting to stdio; the
 * TLS, origin, host and health flags applied on top (an origin flag checked as the file's entries are);
 * then the checks that need the final list: URL syntax, one stdio at most, TLS exactly where the
 * scheme needs it.
 */
import path from 'node:path';
import { pointer } from '../../engine/config/json-pointer.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { FlagSettings } from './flags.js';
import { needsTls } from './listener-kinds.js';
import type { PartialListener } from './partial.js';
import { isListenUrl, isOrigin } from './schema-rules.js';
import { HEALTH_PATHS } from '../../transports/health.js';
import type { ListenerConfig, TlsFiles } from './types.js';

export function mergeListeners(file: PartialListener[] | undefined, flags: FlagSettings, errors: ConfigDiagnostic[]): ListenerConfig[] {
  const fromFlags = flags.listen !== undefined && flags.listen.length > 0;
  const base: PartialListener[] = fromFlags ? flags.listen!.map((url) => ({ url })) : file ?? [{ url: 'stdio' }];
  const tls = flagTls(flags, errors);
  for (const origin of flags.allowedOrigins ?? []) {
    if (!isOrigin(origin) || !URL.canParse(origin)) errors.push({ path: '/listen', message: `--allowed-origin ${origin}: must be an origin: scheme://host[:port], without a path` });
  }
  const listeners = base.map((l): ListenerConfig => {
    const network = l.url !== 'stdio';
    const out: ListenerConfig = {
      url: l.url,
      allowedOrigins: network ? nonEmpty(flags.allowedOrigins) ?? l.allowedOrigins ?? [] : [],
      allowedHosts: network ? nonEmpty(flags.allowedHosts) ?? l.allowedHosts ?? [] : [],
      health: network && (flags.health === true || l.health === true),
    };
    const files = tls !== undefined && needsTls(l.url) ? tls : l.tls;
    if (files !== undefined) out.tls = files;
    if (network && l.maxConnections !== undefined) out.maxConnections = l.maxConnections;
    return out;
  });
  if (tls !== undefined && !listeners.some((l) => needsTls(l.url))) {
    errors.push({ path: '/listen', message: '--tls-cert and --tls-key need an https:// or wss:// listener' });
  }
  // Listeners from the file are checked there: the caller that read it puts in file, line and column.
  const inFile = !fromFlags && file !== undefined;
  listeners.forEach((l, i) => checkListener(l, i, inFile, errors));
  if (listeners.filter((l) => l.url === 'stdio').length > 1) errors.push({ path: '/listen', message: 'stdio can be listened on only once', inFile });
  return listeners;
}

function nonEmpty(list: string[] | undefined): string[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}

/** Both flags or neither: a certificate without its key (or the reverse) cannot serve. */
function flagTls(flags: FlagSettings, errors: ConfigDiagnostic[]): TlsFiles | undefined {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return undefined;
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) {
    errors.push({ path: '/listen', message: 'give --tls-cert and --tls-key together' });
    return undefined;
  }
  return { cert: path.resolve(flags.tlsCert), key: path.resolve(flags.tlsKey) };
}

function checkListener(l: ListenerConfig, index: number, inFile: boolean, errors: ConfigDiagnostic[]): void {
  const at = pointer('listen', index);
  if (!isListenUrl(l.url) || (l.url !== 'stdio' && !URL.canParse(l.url))) {
    errors.push({ path: at, message: `listener ${index + 1}: must be stdio or an http://, https://, ws:// or wss:// URL (host:port and an optional path)`, inFile });
    return;
  }
  if (needsTls(l.url) && l.tls === undefined) {
    errors.push({ path: at, message: `listener ${l.url} needs TLS: give --tls-cert and --tls-key, or tls: {cert, key} in the config file`, inFile });
  }
  if (l.health && HEALTH_PATHS.includes(new URL(l.url).pathname)) {
    errors.push({ path: at, message: `listener ${l.url}: its path is a health endpoint's (${HEALTH_PATHS.join(', ')}); serve MCP on another path or leave health off`, inFile });
  }
  if (!needsTls(l.url) && l.tls !== undefined) {
    errors.push({ path: at, message: `listener ${l.url} is not https:// or wss://, so its tls files would be ignored; use https:// or wss://`, inFile });
  }
}
