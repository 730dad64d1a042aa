/**
 * Keeps each upstream's tool registry on disk, so a tool's first-seen definition stays the trust
 * anchor across restarts: a server that changes a tool while warden is down is still caught.
 * One JSON file per upstream in a 0700 directory, each 0600, replaced atomically. A file that
 * cannot be read or understood stops warden from starting: starting empty would forget exactly
 * the anchors a rug pull needs forgotten.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { readRegularFile } from '../journal/read.js';
import path from 'node:path';
import { DIR_MODE, writeFileAtomic } from '../journal/durable.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { ToolRegistry, type ToolRecord } from './registry.js';
import { DebouncedWriter } from './debounced-writer.js';
import { toolDefinitionHash } from './tool-hash.js';

export const TOOL_STORE_FORMAT = 'mcp-warden-tools/1';
const HASH = /^[0-9a-f]{64}$/;

/** The store cannot be used; the message names the file and what the operator can do. */
export class ToolStoreError extends Error {
  override readonly name = 'ToolStoreError';
}

export interface ToolStoreOptions {
  /** The directory holding one file per upstream (created 0700). */
  dir: string;
  /** Quiet period before a changed registry is written (default 100 ms). */
  debounceMs?: number;
  /** A write failed: the anchors on disk are behind the registry in memory. */
  onError?: (error: Error) => void;
  /** The approved definition hash of an upstream's tool (engine/approvals); without it nothing is approved. */
  approvals?: (upstream: string, tool: string) => { hash: string } | undefined;
}

export interface StoredUpstream { upstream: string; records: ToolRecord[] }

export class ToolStore {
  readonly dir: string;
  readonly #options: ToolStoreOptions;
  readonly #loaded: Map<string, StoredUpstream>;
  readonly #registries = new Map<string, ToolRegistry>();
  readonly #writers = new Set<DebouncedWriter>();

  private constructor(options: ToolStoreOptions, loaded: Map<string, StoredUpstream>) {
    this.dir = options.dir;
    this.#options = options;
    this.#loaded = loaded;
  }

  /**
   * Reads every upstream's file; throws ToolStoreError on any bad one. The directory is created
   * by the first write, so a run that never lists tools leaves nothing behind.
   */
  static async open(options: ToolStoreOptions): Promise<ToolStore> {
    const { dir } = options;
    const loaded = new Map<string, StoredUpstream>();
    for (const name of await listJson(dir)) {
      const stored = await readStored(path.join(dir, name));
      loaded.set(stored.upstream, stored);
    }
    return new ToolStore(options, loaded);
  }

  /** The upstream's registry, seeded from its file; every change to it is written back. */
  registry(upstream: string): ToolRegistry {
    let registry = this.#registries.get(upstream);
    if (registry) return registry;
    const file = this.fileFor(upstream);
    const writer = new DebouncedWriter({
      write: () => writeStored(file, this.dir, upstream, registry!.records()),
      delayMs: this.#options.debounceMs ?? 100,
      onError: (error) => this.#options.onError?.(new ToolStoreError(`cannot write the tool store ${file}: ${messageOf(error)}`)),
    });
    this.#writers.add(writer);
    const { approvals } = this.#options;
    registry = new ToolRegistry({
      records: this.#loaded.get(upstream)?.records,
      onChange: () => writer.schedule(),
      ...(approvals ? { approvals: (tool: string) => approvals(upstream, tool) } : {}),
    });
    this.#registries.set(upstream, registry);
    return registry;
  }

  /** What the files held when the store was opened, by upstream name (for `warden tools`). */
  stored(): StoredUpstream[] {
    return [...this.#loaded.values()].map((s) => ({ upstream: s.upstream, records: s.records.map((r) => ({ ...r })) }));
  }

  fileFor(upstream: string): string {
    return path.join(this.dir, fileNameFor(upstream));
  }

  /** Writes whatever is still pending; call before exiting. */
  async flush(): Promise<void> {
    await Promise.all([...this.#writers].map((writer) => writer.flush()));
  }
}

/**
 * Readable, safe on any file system (case-insensitive ones too), and collision-free: the
 * suffix tells apart upstream names that sanitize alike.
 */
export function fileNameFor(upstream: string): string {
  const readable = upstream.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 64);
  const digest = createHash('sha256').update(upstream, 'utf8').digest('hex').slice(0, 16);
  return `${readable}-${digest}.json`;
}

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ToolStoreError(`cannot read the tool store ${dir}: ${messageOf(error)}`);
  }
}

async function readStored(file: string): Promise<StoredUpstream> {
  let text: string;
  try {
    // A regular file only: a FIFO or a link to /dev/zero in the store would hang or fill warden's start.
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    throw corrupt(file, `cannot be read (${messageOf(error)})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw corrupt(file, 'is not valid JSON');
  }
  return parseStored(file, document);
}

function parseStored(file: string, document: unknown): StoredUpstream {
  if (!isObject(document) || document.format !== TOOL_STORE_FORMAT) throw corrupt(file, `is not a ${TOOL_STORE_FORMAT} document`);
  const { upstream, tools } = document;
  if (typeof upstream !== 'string') throw corrupt(file, 'names no upstream');
  // A file copied or renamed onto another upstream's name would hand it foreign anchors.
  if (path.basename(file) !== fileNameFor(upstream)) throw corrupt(file, `belongs to upstream ${JSON.stringify(upstream)}, not to this file name`);
  if (!isObject(tools)) throw corrupt(file, 'has no tools object');
  const records = Object.entries(tools).map(([name, entry]) => parseRecord(file, name, entry));
  return { upstream, records };
}

function parseRecord(file: string, name: string, entry: unknown): ToolRecord {
  const bad = (what: string) => corrupt(file, `has a bad ${what} for tool ${JSON.stringify(name.slice(0, 120))}`);
  if (!isObject(entry)) throw bad('entry');
  const { first_hash: firstHash, hash, first_seen: firstSeen, last_seen: lastSeen, annotations, definition } = entry;
  if (typeof firstHash !== 'string' || !HASH.test(firstHash)) throw bad('first_hash');
  if (typeof hash !== 'string' || !HASH.test(hash)) throw bad('hash');
  if (typeof firstSeen !== 'string') throw bad('first_seen');
  if (typeof lastSeen !== 'string') throw bad('last_seen');
  if (!isObject(annotations)) throw bad('annotations');
  // Kept since argument checking needs the schema; a definition that does not hash to `hash` was edited.
  if (definition !== undefined && (!isObject(definition) || toolDefinitionHash(definition as JsonObject) !== hash)) throw bad('definition');
  const record: ToolRecord = { name, firstHash, hash, firstSeen, lastSeen, annotations: annotations as JsonObject };
  if (definition !== undefined) record.definition = definition as JsonObject;
  return record;
}

function corrupt(file: string, what: string): ToolStoreError {
  return new ToolStoreError(
    `the tool store file ${file} ${what}; refusing to start without the tool definitions it anchors. ` +
    'Restore it, or delete it to trust every tool of that upstream afresh.',
  );
}

/** Temp file, fsync, rename, fsync the directory: a crash leaves the old file or the new, never half. */
async function writeStored(file: string, dir: string, upstream: string, records: readonly ToolRecord[]): Promise<void> {
  const tools = Object.fromEntries(records.map((r) => [r.name, {
    first_hash: r.firstHash, first_seen: r.firstSeen, hash: r.hash, last_seen: r.lastSeen, annotations: r.annotations,
    ...(r.definition ? { definition: r.definition } : {}),
  }]));
  const text = `${JSON.stringify({ format: TOOL_STORE_FORMAT, upstream, tools }, null, 1)}\n`;
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
  await writeFileAtomic(file, text, dir);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
