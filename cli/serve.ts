/**
 * `warden run` once its settings are resolved: opens the gateway, starts every listener, gives
 * each accepted session its own upstream, and shuts everything down on a signal, a journal
 * failure, or (stdio) the end of the one session the launching client opened.
 */
import type { StopReason } from '../engine/mediator/index.js';
import type { Authenticator } from '../transports/auth/authenticator.js';
import type { AcceptedSession, Listener, Transport } from '../transports/contract.js';
import { isWildcardHost } from '../transports/auth/loopback.js';
import type { ListenerConfig, WardenConfig } from './config/types.js';
import { Gateway, GatewayStartError, type GatewayExit } from './gateway.js';
import type { JournalKeys } from './keys.js';
import { createListener, resourceMetadataFor } from './listeners.js';
import { errorMessage, type Logger } from './log.js';
import { defaultJournalDir, ensureWardenHome } from './home.js';
import { defaultCompileCache } from './compile-cache.js';
import type { Confinement } from '../transports/stdio/sandbox/policy.js';
import { Aggregate } from './aggregate.js';
import { protectedPaths, type ProtectedPaths, type RunInputs } from './protected-paths.js';
import { DEFAULT_ROUTING } from './config/merge.js';
import type { LiveSession } from './attach.js';
import { upstreamFactory } from './upstreams.js';
import { packageVersion } from './version.js';
import { connectionCapFor } from '../transports/connection-cap.js';

/** How many wardens with default settings can run at once, each with its own journal. */
const DEFAULT_JOURNAL_SLOTS = 16;

export interface ServeOptions {
  config: WardenConfig;
  /** Files read for the config that it does not name itself; sandboxed servers may not change them. */
  inputs?: RunInputs;
  keys: JournalKeys;
  authenticator: Authenticator;
  log: Logger;
}

export interface Served {
  /** Where the journal is written (the default directory may have moved to a free slot). */
  readonly journalDir: string;
  /** Resolves with the process exit code once everything is closed. */
  readonly done: Promise<GatewayExit>;
  /** Graceful stop: refuse new work, drain in-flight requests, close. */
  stop(): Promise<GatewayExit>;
}

export async function serve(options: ServeOptions): Promise<Served> {
  const { config, log } = options;
  const limits = config.limits;
  let side: Promise<UpstreamSideFactory> | undefined;
  const gateway = await Gateway.open({
    policyDir: config.policies,
    dataFile: config.data,
    regoVersion: config.regoVersion,
    strictBuiltinErrors: config.strictBuiltinErrors,
    journalDir: config.journal.dir,
    // Only warden's own default may move aside for another warden; a --journal given is kept or refused.
    ...(config.journal.dir === defaultJournalDir() ? { journalSlots: DEFAULT_JOURNAL_SLOTS } : {}),
    durability: config.journal.durability,
    syncWithinMs: config.journal.syncWithinMs,
    ...(config.journal.recordInputs ? { recordInputs: { maxBytes: config.journal.inputMaxBytes } } : {}),
    ...options.keys,
    log,
    limits: {
      maxSessions: limits.maxSessions,
      maxSessionsPerPrincipal: limits.maxSessionsPerPrincipal,
      requestTimeoutMs: limits.requestTimeoutSeconds * 1000,
      idleTimeoutMs: limits.idleTimeoutSeconds * 1000,
      shutdownGraceMs: limits.shutdownGraceSeconds * 1000,
      maxInFlight: limits.maxInFlight,
    },
    compileCache: defaultCompileCache(),
    ...(config.toolSearch.enabled ? { toolSearch: { favourites: config.toolSearch.favourites, maxResults: config.toolSearch.maxResults } } : {}),
    // Once the journal's directory is final (the sandbox hides it), before the policy compiles:
    // a lone stdio listener's server is spawned then, and starts up while the policy compiles.
    beforePolicy: async (journalDir) => {
      // A --journal and --signing-key elsewhere leave it to be created later, in a server's sight.
      await ensureWardenHome();
      side = upstreamSide(config, protectedPaths(config, journalDir, options.inputs), log, loneStdioListener(config));
      // Its failure is reported after the gateway opened, as before; not unhandled meanwhile.
      side.catch(() => undefined);
    },
  }).catch(async (error: unknown) => {
    await side?.then((s) => s.discard(), () => undefined);
    throw error;
  });
  const connect = await side!.catch(async (error: unknown) => {
    await gateway.close();
    throw refused(log, error);
  });
  for (const [name, confinement] of connect.confinements) await gateway.journalConfinement(name, confinement);
  let sessionExit: GatewayExit | undefined;
  const listeners: Listener[] = await Promise.all(config.listen.map((listen) => createListener(listen, {
    authenticator: options.authenticator, maxMessageBytes: limits.maxMessageBytes, resourceMetadata: resourceMetadataFor(config.auth), health: gateway,
    maxConnections: connectionCapFor(limits.maxSessions),
  }))).catch(async (error: unknown) => {
    await Promise.all([gateway.close(), connect.discard()]);
    throw refused(log, error);
  });
  warnWildcardHosts(config.listen, log);
  for (const listener of listeners) {
    listener.onrejected = (rejection) => gateway.journalRefusal(rejection);
    listener.onerror = (error) => log.error(`${listener.name}: ${error.message}`);
    listener.onsession = async (accepted: AcceptedSession) => {
      const live = await connect.attach(gateway, accepted);
      // The launching client's session is the process's reason to exist: its end ends warden.
      if (accepted.kind === 'stdio') {
        void live.done.then((reason) => {
          sessionExit = exitForStdio(reason);
          void gateway.close();
        });
      }
    };
  }
  const done = gateway.done.then(async (exit) => {
    await Promise.all(listeners.map((listener) => listener.close().catch(() => undefined)));
    return exit.code !== 0 || !sessionExit ? exit : sessionExit;
  });
  await startListeners(listeners, gateway, log).catch(async (error: unknown) => {
    await connect.discard();
    throw error;
  });
  return { journalDir: gateway.journalDir, done, stop: () => gateway.close().then(() => done) };
}

interface UpstreamSideFactory {
  /** Per upstream name: how its stdio server is contained. */
  confinements: Array<[string, Confinement]>;
  attach(gateway: Gateway, accepted: AcceptedSession): Promise<LiveSession>;
  /** Stops a server spawned ahead that no session took (the start failed). */
  discard(): Promise<void>;
}

/** stdio is the only listener: exactly one session, which the first upstream transport serves. */
function loneStdioListener(config: WardenConfig): boolean {
  return config.listen.length === 1 && config.listen[0]!.url === 'stdio';
}

/**
 * Once the journal directory the sandbox must hide exists. `prelaunch`: the single upstream's
 * server, if stdio, is spawned now for the first session (`prelaunch` only with one session).
 */
async function upstreamSide(config: WardenConfig, secrets: ProtectedPaths, log: Logger, prelaunch: boolean): Promise<UpstreamSideFactory> {
  if (config.upstreams) {
    const aggregate = new Aggregate(config.upstreams, config.routing ?? DEFAULT_ROUTING, config.limits.maxMessageBytes, secrets, { name: 'mcp-warden', version: await packageVersion() });
    const confinements: Array<[string, Confinement]> = [];
    for (const u of aggregate.upstreams) {
      logSandbox(log, u.notes, u.confinement, `${u.config.name}: `);
      if (u.confinement) confinements.push([u.config.name, u.confinement]);
    }
    return { confinements, attach: (gateway, accepted) => gateway.attachRouted(accepted, aggregate.router()), discard: async () => undefined };
  }
  const factory = upstreamFactory(config.upstream, config.limits.maxMessageBytes, secrets, true);
  logSandbox(log, factory.notes, factory.confinement, '');
  let early = prelaunch ? factory.prelaunch?.() : undefined;
  const take = (): Transport => {
    const upstream = early ?? factory();
    early = undefined;
    return upstream;
  };
  return {
    confinements: factory.confinement ? [[config.upstream.name, factory.confinement]] : [],
    attach: (gateway, accepted) => gateway.attach(accepted, take(), config.upstream.name),
    discard: async () => {
      await early?.close();
      early = undefined;
    },
  };
}

function logSandbox(log: Logger, notes: readonly string[], confinement: Confinement | undefined, prefix: string): void {
  for (const note of notes) log.info(`sandbox: ${prefix}${note}`);
  if (confinement === undefined) return;
  // Unconfined because no sandbox worked is an alarm; unconfined because the operator said so is not.
  if (confinement.sandbox !== 'none' || confinement.deliberate) log.info(`sandbox: ${prefix}${confinement.reason}`);
  else log.error(`sandbox: ${prefix}${confinement.reason}`);
}

/** Remote clients of a listener on every interface send the host names the operator must list; until then only loopback names pass. */
function warnWildcardHosts(listen: readonly ListenerConfig[], log: Logger): void {
  for (const l of listen) {
    if (l.url === 'stdio' || l.allowedHosts.length > 0 || !isWildcardHost(new URL(l.url).hostname)) continue;
    log.info(`warning: ${l.url} listens on every interface but accepts only loopback Host names (DNS-rebinding defence): list the names remote clients use with --allowed-host or listen[].allowed_hosts`);
  }
}

async function startListeners(listeners: Listener[], gateway: Gateway, log: Logger): Promise<void> {
  try {
    for (const listener of listeners) {
      await listener.start();
      // Operators and tests wait for this line; it carries the real port when 0 was asked for.
      if (listener.url !== 'stdio') log.info(`listening on ${listener.url}`);
    }
  } catch (error) {
    await gateway.close();
    await Promise.all(listeners.map((listener) => listener.close().catch(() => undefined)));
    throw refused(log, error);
  }
}

function refused(log: Logger, error: unknown): GatewayStartError {
  log.error(errorMessage(error));
  return new GatewayStartError(errorMessage(error));
}

function exitForStdio(reason: StopReason): GatewayExit {
  switch (reason.reason) {
    case 'journal-failed':
      return { code: 1, reason: `the journal failed, stopped (fail closed): ${errorMessage(reason.error)}` };
    case 'closed':
      return reason.side === 'client'
        ? { code: 0, reason: 'the client closed the session' }
        : { code: 1, reason: 'the upstream server closed the connection' };
    case 'upstream-unavailable':
      return { code: 1, reason: `the upstream is unavailable: ${reason.cause}` };
    case 'idle':
      return { code: 0, reason: 'the session was idle past the idle timeout' };
    case 'client-backlog':
      return { code: 1, reason: 'the client did not read its messages and the upstream could not be paused' };
    default:
      return { code: 0, reason: 'stopped' };
  }
}
