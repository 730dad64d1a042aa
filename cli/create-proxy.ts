/**
 * The composition root: the one place where transports meet the engine. It opens the journal,
 * loads the policy (refusing to start if it does not compile), watches the policy directory,
 * and hands both transports to a Mediator that decides and journals every message.
 *
 * Fail closed throughout: no policy, no proxy; a journal that cannot be written stops the
 * proxy (the Mediator answers in-flight requests with a denial and closes both sides).
 */
import type { KeyObject } from 'node:crypto';
import { openJournal, type Journal } from '../engine/journal/index.js';
import { Mediator, type StopReason } from '../engine/mediator/index.js';
import { PolicyStore, reloadPolicy, watchPolicyDir, type PolicyLoadReport, type PolicyWatcher } from '../engine/policy/index.js';
import { localPrincipal, Session, type Principal } from '../engine/session/index.js';
import type { Transport } from '../transports/contract.js';
import { errorMessage, type Logger } from './log.js';

export interface ProxyOptions {
  /** Faces the MCP client; warden is its server. */
  client: Transport;
  /** Connects to the real MCP server. */
  upstream: Transport;
  /** Label of the client-side transport in the policy input (`session.transport`). */
  clientTransport: string;
  /** Name of the upstream in the policy input and the journal. */
  upstreamName: string;
  policyDir: string;
  /** `--data FILE`: the base data document, reloaded with the policies when it changes. */
  dataFile?: string;
  journalDir: string;
  /** Signs journal checkpoints. */
  signingKey: KeyObject;
  /** Keys the journal's payload commitments. */
  hmacKey: Uint8Array;
  log: Logger;
  /** Default: the local OS user (right for stdio, where the client is whoever started us). */
  principal?: Principal;
  /** Quiet period before a policy edit is reloaded (default 150 ms). */
  reloadDebounceMs?: number;
  /** Sign a checkpoint at least this often while decisions arrive (default 5 s). */
  checkpointSeconds?: number;
}

export interface ProxyExit {
  /** Process exit code: 0 for an orderly end, 1 when the server or the journal failed. */
  code: number;
  reason: string;
}

export interface Proxy {
  /** Digest of the policy in force at start. */
  readonly policyDigest: string;
  /** Resolves once the proxy has stopped and the journal is closed. */
  readonly done: Promise<ProxyExit>;
  /** Stops accepting messages, finishes those in flight, closes everything. */
  close(): Promise<ProxyExit>;
}

/** Starting failed; the reason has been logged and nothing is left running. */
export class ProxyStartError extends Error {
  override readonly name = 'ProxyStartError';
}

export async function createProxy(options: ProxyOptions): Promise<Proxy> {
  const journal = await openProxyJournal(options);
  const store = new PolicyStore();
  const policyDigest = await loadInitialPolicy(options, journal, store);
  const session = new Session({
    transport: options.clientTransport,
    upstream: options.upstreamName,
    principal: options.principal ?? localPrincipal(),
  });
  const mediator = new Mediator({
    client: options.client,
    upstream: options.upstream,
    session,
    decider: store,
    journal,
    onerror: (error, side) => options.log.error(`${side}: ${error.message}`),
  });
  const watcher = watchPolicyDir({
    dir: options.policyDir,
    dataFile: options.dataFile,
    store,
    journal,
    debounceMs: options.reloadDebounceMs,
    onReport: (report) => logReload(options.log, report),
    // A reload that cannot be journaled must not take effect silently: stop, as for decisions.
    onFatal: (error) => void mediator.stop({ reason: 'journal-failed', error }),
  });
  await watcher.ready;
  mediator.start();

  const done = mediator.done.then((reason) => shutDown(reason, watcher, journal));
  await startTransports(options, done);
  return { policyDigest, done, close: () => mediator.stop().then(() => done) };
}

async function openProxyJournal(options: ProxyOptions): Promise<Journal> {
  try {
    return await openJournal({
      dir: options.journalDir,
      signingKey: options.signingKey,
      hmacKey: options.hmacKey,
      checkpointSeconds: options.checkpointSeconds ?? 5,
    });
  } catch (error) {
    return refuse(options.log, `cannot open the journal in ${options.journalDir}: ${errorMessage(error)}`);
  }
}

/** The first load is journaled like every reload; a policy that does not build means no proxy. */
async function loadInitialPolicy(options: ProxyOptions, journal: Journal, store: PolicyStore): Promise<string> {
  let report: PolicyLoadReport;
  try {
    report = await reloadPolicy({ dir: options.policyDir, dataFile: options.dataFile, store, journal });
  } catch (error) {
    await journal.close().catch(() => undefined);
    return refuse(options.log, `cannot journal the policy load: ${errorMessage(error)}`);
  }
  if (!report.ok) {
    await journal.close().catch(() => undefined);
    options.log.diagnostics(report.errors);
    return refuse(options.log, `the policy in ${options.policyDir} does not compile; refusing to start`);
  }
  options.log.info(`policy loaded from ${options.policyDir} (${report.digest}, ${report.modules.length} modules, ${Math.round(report.durationMs)} ms)`);
  return report.digest;
}

/** Upstream first: a server that cannot be spawned should fail before the client is answered. */
async function startTransports(options: ProxyOptions, done: Promise<ProxyExit>): Promise<void> {
  try {
    await options.upstream.start();
    await options.client.start();
  } catch (error) {
    // A failed start closes that transport, which stops the mediator and the rest with it.
    await options.upstream.close();
    await done;
    refuse(options.log, errorMessage(error));
  }
}

async function shutDown(reason: StopReason, watcher: PolicyWatcher, journal: Journal): Promise<ProxyExit> {
  await watcher.close();
  const exit = exitFor(reason);
  try {
    await journal.close();
  } catch (error) {
    // After a journal failure closing it fails too; the exit already says so.
    if (reason.reason !== 'journal-failed') return { code: 1, reason: `cannot close the journal: ${errorMessage(error)}` };
  }
  return exit;
}

function exitFor(reason: StopReason): ProxyExit {
  switch (reason.reason) {
    case 'journal-failed':
      return { code: 1, reason: `the journal failed, stopped (fail closed): ${errorMessage(reason.error)}` };
    case 'closed':
      return reason.side === 'client'
        ? { code: 0, reason: 'the client closed the session' }
        : { code: 1, reason: 'the upstream server closed the connection' };
    default:
      return { code: 0, reason: 'stopped' };
  }
}

function logReload(log: Logger, report: PolicyLoadReport): void {
  if (report.ok) {
    log.info(`policy reloaded (${report.digest}, ${Math.round(report.durationMs)} ms)`);
    return;
  }
  log.diagnostics(report.errors);
  log.error(`policy reload failed; keeping the last good policy (${report.keptDigest ?? 'none'})`);
}

function refuse(log: Logger, message: string): never {
  log.error(message);
  throw new ProxyStartError(message);
}
