/**
 * The upstream stdio transport: spawns the real MCP server and speaks ndjson over its
 * stdin/stdout. Its stderr is the server's log: by default it reaches warden's stderr through a
 * StderrRelay, line by line, prefixed, bounded and with control characters made visible.
 *
 * Why close is elaborate: the child's lifetime is the session's. onclose fires only after the
 * process has exited and its stdout has been read to the end, so the last messages a dying
 * server wrote are still delivered and no process outlives the transport.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import type { Transport } from '../contract.js';
import { TransportError } from '../errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/message-codec.js';
import { Lifecycle } from '../lifecycle.js';
import { childEnvironment } from './child-env.js';
import { NdjsonChannel } from './ndjson-channel.js';
import { inheritedDescriptors } from './inherited-fds.js';
import { StderrRelay } from './stderr-relay.js';
import { stopChild } from './stop-child.js';

export interface StdioChildTransportOptions {
  /** Executable, resolved through PATH. No shell is involved. */
  readonly command: string;
  readonly args?: readonly string[];
  /** Variables set for the server, on top of the inherited allowlist. */
  readonly env?: Readonly<Record<string, string>>;
  /** Names inherited from warden's environment. Default: `DEFAULT_INHERITED_ENV`. */
  readonly inheritEnv?: readonly string[];
  readonly cwd?: string;
  /** The server's stderr: relayed to ours, made safe (default), dropped, or piped as is into a stream (left open). */
  readonly stderr?: 'ignore' | Writable;
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs. Default: `stdio-child:<command basename>`. */
  readonly name?: string;
  /** Wait after ending the server's stdin before SIGTERM. Default: 2000 ms. */
  readonly gracefulExitMs?: number;
  /** Wait after SIGTERM before SIGKILL. Default: 2000 ms. */
  readonly terminateExitMs?: number;
  /**
   * Rewrites what is spawned, e.g. into a sandbox's command line around the server's
   * (transports/stdio/sandbox). Throwing fails start() with spawn_failed.
   */
  readonly wrap?: (launch: ChildLaunch) => ChildLaunch;
}

/** A process to spawn: the server's own, or a wrapper's around it. */
export interface ChildLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** What descriptors 3, 4, ... read: a pipe each, written and closed at spawn (bwrap's options and seccomp filter). */
  readonly inputs?: readonly Uint8Array[];
  /** Called once the process has exited and its output is read (a wrapper's per-launch cgroup goes). */
  readonly release?: () => void;
}

export interface ChildExit {
  /** Exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when close() had been called before the process exited. */
  readonly requested: boolean;
}

interface Launched {
  readonly child: ChildProcess;
  readonly channel: NdjsonChannel;
  /** Settles once the spawn succeeded (undefined) or failed (its error). */
  readonly spawnFailure: Promise<Error | undefined>;
  /** Settles on 'exit': the process is gone (its pipes may still hold data). */
  readonly exited: Promise<void>;
  /** Settles on 'close': gone and its output read to the end. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** After exit, how long a grandchild still holding the pipes may keep them before we let go. */
const STDIO_RELEASE_MS = 500;

export class StdioChildTransport implements Transport {
  readonly name: string;
  onmessage?: (message: JsonRpcMessage) => void;
  /** Receives the exit status; undefined when the process never started. */
  onclose?: (exit?: ChildExit) => void;
  onerror?: (error: TransportError) => void;

  private readonly options: StdioChildTransportOptions;
  private readonly lifecycle: Lifecycle;
  private launched: Launched | undefined;
  /** The channel reads the server's output (start, or close winding down a prelaunched server). */
  private reading = false;
  private spawned = false;
  private closeRequested = false;
  private exitRequested = false;
  private exit: ChildExit | undefined;

  constructor(options: StdioChildTransportOptions) {
    this.options = options;
    this.name = options.name ?? `stdio-child:${path.basename(options.command)}`;
    this.lifecycle = new Lifecycle(this.name);
  }

  /** The server's process id once spawned. */
  get pid(): number | undefined {
    return this.launched?.child.pid;
  }

  /**
   * Spawns the server ahead of start(), so that its own start-up overlaps what the owner does
   * meanwhile (warden compiles its policy). Its output is left unread until start(), so nothing
   * reaches onmessage before the owner installed it. A failure to spawn is start()'s to report.
   */
  prelaunch(): void {
    if (this.launched !== undefined) return;
    try {
      this.launched = this.launch();
    } catch {
      // Thrown again, and reported, when start() launches.
      return;
    }
    // Node drains (and drops) a child's unread stdout when it exits; a 'readable' listener keeps it.
    this.launched.child.stdout?.on('readable', holdOutput);
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    let failure: unknown;
    try {
      this.launched ??= this.launch();
      this.read(this.launched);
      failure = await this.launched.spawnFailure;
    } catch (thrown) {
      // spawn() throws synchronously for malformed options.
      failure = thrown;
    }
    if (failure === undefined) return;
    await this.end();
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new TransportError('spawn_failed', `${this.name}: cannot start ${this.options.command}: ${reason}`, {
      cause: failure,
      detail: { command: this.options.command },
    });
  }

  send(message: JsonRpcMessage): Promise<void> {
    return this.sendNow(message) ?? Promise.resolve();
  }

  /** `send` without a promise when the message was handed off at once (engine/mediator MessageChannel). */
  sendNow(message: JsonRpcMessage): Promise<void> | undefined {
    const refusal = this.lifecycle.sendRefusal();
    return refusal ? Promise.reject(refusal) : this.launched!.channel.sendNow(message);
  }

  /** Contract `pause`: the server blocks writing to a full pipe. Closing reads on regardless, so it can exit. */
  pause(): boolean {
    if (!this.closeRequested) this.launched?.channel.pause();
    return true;
  }

  resume(): void {
    this.launched?.channel.resume();
  }

  close(): Promise<void> {
    this.closeRequested = true;
    if (this.launched) {
      // A prelaunched server's output is drained, unheard, so that it can be seen to end.
      this.read(this.launched);
      this.launched.channel.mute();
    }
    return this.end();
  }

  private read(launched: Launched): void {
    if (this.reading) return;
    this.reading = true;
    launched.child.stdout?.off('readable', holdOutput);
    launched.channel.open();
    // Counted from when its output is read, so a prelaunched server that exited before start()
    // still has its last messages delivered.
    void launched.exited.then(() => releaseStdioLater(launched.child, launched.closed));
    // The server going away on its own ends the transport; a prelaunched one that went before
    // start() ends it just after, with its status, as if it had exited then.
    void launched.closed.then(() => this.end());
  }

  private launch(): Launched {
    const { options } = this;
    const requested: ChildLaunch = {
      command: options.command,
      args: options.args ?? [],
      env: childEnvironment(options.env, options.inheritEnv),
      cwd: options.cwd ?? process.cwd(),
    };
    const launch = options.wrap?.(requested) ?? requested;
    const inputs = launch.inputs ?? [];
    const stdio: StdioOption[] = ['pipe', 'pipe', options.stderr === 'ignore' ? 'ignore' : 'pipe', ...inputs.map(() => 'pipe' as const)];
    const devNull = openSync('/dev/null', 'r');
    let child: ChildProcess;
    try {
      child = spawn(launch.command, [...launch.args], { cwd: launch.cwd, env: launch.env, stdio: withheld(stdio, devNull), windowsHide: true });
    } finally {
      closeSync(devNull);
    }
    if (options.stderr !== 'ignore') {
      const sink = options.stderr ?? new StderrRelay(process.stderr, { name: this.name });
      child.stderr!.on('error', ignore).pipe(sink, { end: options.stderr === undefined });
    }
    inputs.forEach((data, at) => (child.stdio[3 + at] as Writable | null)?.on('error', ignore).end(data));
    const spawnFailure = spawnOutcome(child);
    child.on('spawn', () => (this.spawned = true));
    // Spawn failures reach start() through spawnFailure; later ones (a failed kill) are reported.
    child.on('error', (cause) => {
      if (this.spawned) this.report(new TransportError('io_error', `${this.name}: ${cause.message}`, { cause }));
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    void closed.then(() => launch.release?.());
    child.once('exit', () => {
      this.exitRequested = this.closeRequested;
    });
    return { child, channel: this.channelTo(child), spawnFailure, exited, closed };
  }

  private channelTo(child: ChildProcess): NdjsonChannel {
    const maxMessageBytes = this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const channel = new NdjsonChannel({ input: child.stdout!, output: child.stdin! }, maxMessageBytes, {
      message: (message) => this.onmessage?.(message),
      frameError: (error) => this.report(error),
      // A server that closed its stdout can no longer answer: wind it down.
      inputEnd: () => void this.end(),
      // Its stdin closes when it exits, and that exit ends the transport with its status.
      outputEnd: () => undefined,
      failure: (error) => {
        this.report(error);
        void this.end();
      },
    });
    return channel;
  }

  private end(): Promise<void> {
    return this.lifecycle.close(
      () => this.shutdown(),
      () => this.onclose?.(this.exit),
    );
  }

  private async shutdown(): Promise<void> {
    const launched = this.launched;
    if (launched === undefined) return;
    launched.channel.refuseSends(new TransportError('closed', `${this.name}: closed before the message was handed off`));
    // close() may come while the spawn is still pending: only a running process can be stopped.
    const spawnFailure = await launched.spawnFailure;
    if (spawnFailure === undefined) {
      await stopChild(launched.child, launched.exited, {
        gracefulExitMs: this.options.gracefulExitMs ?? 2000,
        terminateExitMs: this.options.terminateExitMs ?? 2000,
      });
    }
    const status = await launched.closed;
    launched.channel.detach();
    if (spawnFailure !== undefined) return;
    this.exit = { ...status, requested: this.exitRequested };
    if (!this.exit.requested) this.report(upstreamExit(this.name, this.exit));
  }

  /** onerror, except once the owner has called close(): it no longer wants to hear. */
  private report(error: TransportError): void {
    if (!this.closeRequested) this.onerror?.(error);
  }
}

type StdioOption = Extract<StdioOptions, unknown[]>[number];

/** `stdio`, with /dev/null over each descriptor warden inherited that the server must not (inherited-fds.ts). */
function withheld(stdio: readonly StdioOption[], devNull: number): StdioOption[] {
  const all = [...stdio];
  for (const fd of inheritedDescriptors()) {
    if (fd < stdio.length) continue;
    while (all.length < fd) all.push('ignore');
    all[fd] = devNull;
  }
  return all;
}

function spawnOutcome(child: ChildProcess): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const onSpawn = (): void => {
      child.off('error', onError);
      resolve(undefined);
    };
    const onError = (error: Error): void => {
      child.off('spawn', onSpawn);
      resolve(error);
    };
    child.once('spawn', onSpawn);
    child.once('error', onError);
  });
}

/**
 * A grandchild (npx, sh wrappers) can inherit the pipes and keep them open after the server
 * exits, and 'close' would then never come. Once the server is gone, give the pipes a moment
 * to drain, then let go of them.
 */
function releaseStdioLater(child: ChildProcess, closed: Promise<unknown>): void {
  const timer = setTimeout(() => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  }, STDIO_RELEASE_MS);
  void closed.then(() => clearTimeout(timer));
}

function upstreamExit(name: string, exit: ChildExit): TransportError {
  const how = exit.signal === null ? `with code ${exit.code}` : `on signal ${exit.signal}`;
  return new TransportError('upstream_exit', `${name}: the server exited ${how}`, {
    detail: { exitCode: exit.code, signal: exit.signal },
  });
}

function ignore(): void {}

function holdOutput(): void {}
