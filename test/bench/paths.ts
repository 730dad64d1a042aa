/**
 * The paths the transport bench compares between the same SDK client and the same stdio server:
 * straight to the server, through warden (stdio, Streamable HTTP, WebSocket listeners) and
 * through supergateway, the reference HTTP bridge that does no policy or journal work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, SHIPPED_POLICIES, WARDEN } from '../e2e/support/repo.js';
import { benchServer } from './bench-server.js';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { httpClient, stdioClient, wsClient, type Connected } from './clients.js';
import { freePort, HEAP_PROBE, spawnAnnouncing, spawnOnPort, type Running } from './processes.js';

/** Overridable so the bench can run a private build of warden against the shared dist/. */
const WARDEN_BIN = process.env['WARDEN_BIN'] || WARDEN;
const SUPERGATEWAY = path.join(ROOT, 'node_modules/supergateway/dist/index.js');
const FLOOR_SERVER = fileURLToPath(new URL('./floor-server.js', import.meta.url));
const LISTENER_FLOOR = fileURLToPath(new URL('./listener-floor.js', import.meta.url));
const BRIDGE_FLOOR = fileURLToPath(new URL('./bridge-floor.js', import.meta.url));

export type PathKind = 'http-floor' | 'http-listener' | 'bridge-floor' | 'direct' | 'warden-stdio' | 'warden-http' | 'supergateway-http' | 'warden-ws';

export const PATH_NAMES: Record<PathKind, string> = {
  'http-floor': 'HTTP floor: SDK client, server answering from memory',
  'http-listener': 'warden\'s HTTP listener alone, answering from memory',
  'bridge-floor': 'HTTP->stdio floor: bare relay, no checks, no policy',
  'direct': 'direct stdio',
  'warden-stdio': 'warden stdio->stdio',
  'warden-http': 'warden HTTP->stdio (default durability: batched)',
  'supergateway-http': 'supergateway HTTP->stdio',
  'warden-ws': 'warden WS->stdio',
};

export interface Setup {
  /** Scratch directory for journals; removed by the caller. */
  work: string;
  /** The directory the workspace server serves. */
  workspace: string;
  /** MCP_WARDEN_HOME for every warden started. */
  home: string;
}

/** A started path: open as many client sessions as wanted, then stop it (and everything it started). */
export interface Bridge {
  /** The long-lived process between client and server, if the path has one. */
  readonly pid: number | undefined;
  /** warden's live heap after a forced GC (listening wardens run with the heap probe). */
  heapUsed?(): Promise<number>;
  open(): Promise<Connected>;
  stop(): Promise<void>;
}

export async function startPath(kind: PathKind, setup: Setup): Promise<Bridge> {
  const server = [process.execPath, ...benchServer(), setup.workspace];
  switch (kind) {
    case 'http-floor':
      return httpFloor([FLOOR_SERVER]);
    case 'http-listener':
      return httpFloor([LISTENER_FLOOR]);
    case 'bridge-floor':
      return httpFloor([BRIDGE_FLOOR, ...server]);
    case 'direct':
      return { pid: undefined, open: () => stdioClient(server[0]!, server.slice(1), {}), stop: async () => undefined };
    case 'warden-stdio':
      return wardenStdio(setup, server);
    case 'warden-http':
      return wardenListening(setup, server, 'http://127.0.0.1:0/mcp', httpClient);
    case 'warden-ws':
      return wardenListening(setup, server, 'ws://127.0.0.1:0/mcp', wsClient);
    case 'supergateway-http':
      return supergateway(setup, server);
  }
}

/** A floor script run with Node, which announces its URL; every client opens a session there. */
async function httpFloor(args: string[]): Promise<Bridge> {
  const running = await spawnAnnouncing(process.execPath, args, process.env);
  return { pid: running.pid, open: () => httpClient(running.url), stop: () => running.stop() };
}

/** Each stdio session is its own warden process with its own journal. */
function wardenStdio(setup: Setup, server: string[]): Bridge {
  const journals: string[] = [];
  const open = async (): Promise<Connected> => {
    const journal = await mkdtemp(path.join(setup.work, 'journal-'));
    journals.push(journal);
    return stdioClient(process.execPath, wardenArgs(journal, [], server), { MCP_WARDEN_HOME: setup.home });
  };
  const stop = async (): Promise<void> => {
    await Promise.all(journals.map((dir) => rm(dir, { recursive: true, force: true })));
  };
  return { pid: undefined, open, stop };
}

async function wardenListening(setup: Setup, server: string[], listen: string, client: (url: string) => Promise<Connected>): Promise<Bridge> {
  const journal = await mkdtemp(path.join(setup.work, 'mcp-warden-bench-journal-'));
  const stopJournal = () => rm(journal, { recursive: true, force: true });
  let running: Running;
  try {
    running = await spawnAnnouncing(process.execPath, ['--expose-gc', '--import', HEAP_PROBE, ...wardenArgs(journal, ['--listen', listen, '--no-auth'], server)],
      { ...process.env, MCP_WARDEN_HOME: setup.home });
  } catch (error) {
    await stopJournal();
    throw error;
  }
  return { pid: running.pid, heapUsed: () => running.heapUsed(), open: () => client(running.url), stop: () => running.stop().finally(stopJournal) };
}

async function supergateway(setup: Setup, server: string[]): Promise<Bridge> {
  const port = await freePort();
  // No logging: at "info" supergateway prints every message, which would measure its console.
  const args = [SUPERGATEWAY, '--stdio', server.map(shellQuote).join(' '), '--outputTransport', 'streamableHttp',
    '--stateful', '--port', String(port), '--logLevel', 'none'];
  const url = `http://127.0.0.1:${port}/mcp`;
  const running = await spawnOnPort(process.execPath, args, { ...process.env, MCP_WARDEN_HOME: setup.home }, port, url);
  return { pid: running.pid, open: () => httpClient(url), stop: () => running.stop() };
}

function wardenArgs(journal: string, listen: string[], server: string[]): string[] {
  // The bench calls tools nobody approved: the shipped policy with its quarantine off.
  return [WARDEN_BIN, 'run', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', journal, ...listen, '--', ...server];
}

/** supergateway runs its --stdio command through a shell. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
