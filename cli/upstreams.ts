/**
 * One new upstream transport per client session, from the upstream's config: a stdio server is
 * a child process per session (stdio servers serve one client), a network server one connection
 * per session. Credentials come from the config only, never from the client.
 */
import path from 'node:path';
import type { Transport } from '../transports/contract.js';
import { StdioChildTransport } from '../transports/stdio/child.js';
import type { UpstreamConfig } from './config/types.js';

export type UpstreamFactory = () => Transport;

export function upstreamFactory(upstream: UpstreamConfig, maxMessageBytes: number): UpstreamFactory {
  const { command } = upstream;
  if (command && command.length > 0) {
    const [program, ...args] = command as [string, ...string[]];
    return () => new StdioChildTransport({ command: program, args, env: upstream.env, name: `stdio-child:${upstream.name}`, maxMessageBytes });
  }
  const url = new URL(upstream.url ?? '');
  throw new Error(`upstream ${upstream.name}: ${url.protocol} upstreams are not supported yet`);
}

/** The default upstream name: the command's basename, or the URL's host. */
export function defaultUpstreamName(upstream: Pick<UpstreamConfig, 'url' | 'command'>): string {
  if (upstream.command && upstream.command.length > 0) return path.basename(upstream.command[0]!);
  return new URL(upstream.url ?? '').host;
}
