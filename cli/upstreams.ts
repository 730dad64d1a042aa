/**
 * One new upstream transport per client session, from the upstream's config: a stdio server is
 * a child process per session (stdio servers serve one client), a network server one connection
 * per session. Credentials come from the config only, never from the client. A stdio server
 * runs in the sandbox its config asks for, decided once here (transports/stdio/sandbox).
 */
import path from 'node:path';
import type { Transport } from '../transports/contract.js';
import { StreamableHttpClientTransport } from '../transports/http/client/transport.js';
import { StdioChildTransport } from '../transports/stdio/child.js';
import { DEFAULT_SANDBOX_POLICY, type Confinement } from '../transports/stdio/sandbox/policy.js';
import { setUpSandbox } from '../transports/stdio/sandbox/setup.js';
import { WebSocketClientTransport } from '../transports/ws/client.js';
import type { UpstreamConfig } from './config/types.js';
import type { ProtectedPaths } from './protected-paths.js';

export interface UpstreamFactory {
  (): Transport;
  /** stdio only: a transport whose server is spawned now, ahead of its start (StdioChildTransport.prelaunch). */
  readonly prelaunch?: () => Transport;
  /** stdio only: what the server runs under, for the log and the journal. */
  readonly confinement?: Confinement;
  /** stdio only: implicit grants the sandbox left out, one log line each. */
  readonly notes: readonly string[];
}

/**
 * Throws when the sandbox cannot be set up as configured (`--sandbox bwrap` without bwrap, a refused grant).
 * `alone`: the session's only upstream, whose HTTP transport starts a new session when the server
 * forgets one; a router's upstreams are re-initialized by the router instead.
 */
export function upstreamFactory(upstream: UpstreamConfig, maxMessageBytes: number, secrets: ProtectedPaths, alone = false): UpstreamFactory {
  const name = `upstream:${upstream.name}`;
  const { command } = upstream;
  if (command && command.length > 0) {
    const [program, ...args] = command as [string, ...string[]];
    const sandbox = setUpSandbox({
      policy: upstream.sandbox ?? DEFAULT_SANDBOX_POLICY, command: program, args,
      protect: secrets.hidden, keepReadOnly: secrets.readOnly,
    });
    const create = (): StdioChildTransport => new StdioChildTransport({ command: program, args, env: upstream.env, name, maxMessageBytes, wrap: sandbox.wrap });
    const prelaunch = (): Transport => {
      const transport = create();
      transport.prelaunch();
      return transport;
    };
    return Object.assign(create, { confinement: sandbox.confinement, notes: sandbox.notes, prelaunch });
  }
  const url = new URL(upstream.url ?? '');
  const options = { url, headers: upstream.headers, maxMessageBytes, name };
  switch (url.protocol) {
    case 'http:': case 'https:': return network(() => new StreamableHttpClientTransport({ ...options, renewExpiredSession: alone }));
    case 'ws:': case 'wss:': return network(() => new WebSocketClientTransport(options));
    default: throw new Error(`upstream ${upstream.name}: use http(s)://, ws(s):// or a command`);
  }
}

/** Every endpoint of an upstream (its url or command, then `endpoints:`), each with a label safe to log. */
export function endpointFactories(upstream: UpstreamConfig, maxMessageBytes: number, secrets: ProtectedPaths): Array<{ label: string; factory: UpstreamFactory }> {
  const all = [{ url: upstream.url, command: upstream.command }, ...(upstream.endpoints ?? [])].filter((e) => e.url !== undefined || e.command !== undefined);
  return all.map((e) => {
    const one: UpstreamConfig = { ...upstream, url: e.url, command: e.command };
    if (e.url === undefined) delete one.url;
    if (e.command === undefined) delete one.command;
    return { label: endpointLabel(one), factory: upstreamFactory(one, maxMessageBytes, secrets) };
  });
}

/** A URL's origin or a command's program: never arguments, paths or credentials. */
function endpointLabel(upstream: Pick<UpstreamConfig, 'url' | 'command'>): string {
  if (upstream.command && upstream.command.length > 0) return path.basename(upstream.command[0]!);
  return new URL(upstream.url ?? '').origin;
}

function network(create: () => Transport): UpstreamFactory {
  return Object.assign(create, { notes: [] });
}
