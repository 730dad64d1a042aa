/**
 * Compiled policies kept between runs. Every stdio client starts a warden of its own, and each
 * start compiled the same policy again: about 0.3 s of CPU for the shipped policy, spent before
 * the session's first message can be answered. A start whose policy and warden build are the
 * ones of an earlier run loads that run's wasm instead.
 *
 * The key is a digest of the compiler build (the caller's `buildId`: a hash of the code that
 * compiles) and the policy digest (modules and canonical data, digest.ts), so a change in either
 * misses. An entry records its wasm's length and SHA-256: a truncated or altered file is a miss,
 * compiled and written again. The directory lives in warden's home, which the sandbox hides from
 * the server (cli/protected-paths.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { InputReads } from '../compiler/plan/input-reads.js';
import { DIR_MODE, writeFileAtomic } from '../journal/durable.js';

export interface CompileCache {
  readonly dir: string;
  /** Identifies the compiler's code: entries of another build are never read. */
  readonly buildId: string;
}

/** What a build keeps of a compile: the wasm, its decision entrypoint and the policy's contract warnings. */
export interface CachedBuild {
  wasm: Uint8Array;
  entrypoint: number;
  inputReads: InputReads;
  warnings: string[];
}

interface Header {
  format: typeof FORMAT;
  entrypoint: number;
  inputReads: InputReads;
  warnings: string[];
  wasm_bytes: number;
  wasm_sha256: string;
}

const FORMAT = 'mcp-warden compiled policy v1';
const SUFFIX = '.policy';
/** Entries kept, the most recently used: one per policy version a home's wardens ran lately. */
export const KEEP_ENTRIES = 8;

/** The entry for the sources of policy digest `digest`, or undefined when there is none or it does not check out. */
export async function readCached(cache: CompileCache, digest: string): Promise<CachedBuild | undefined> {
  const file = entryFile(cache, digest);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const build = decodeEntry(bytes);
  // Its modification time orders entries by use for pruning; a failure to touch it costs nothing.
  if (build) await utimes(file, new Date(), new Date()).catch(() => undefined);
  return build;
}

/** Stores a build and prunes the least recently used entries past KEEP_ENTRIES. */
export async function writeCached(cache: CompileCache, digest: string, build: CachedBuild): Promise<void> {
  await mkdir(cache.dir, { recursive: true, mode: DIR_MODE });
  await writeFileAtomic(entryFile(cache, digest), encodeEntry(build), cache.dir, { durable: false });
  await prune(cache.dir);
}

export function encodeEntry(build: CachedBuild): Buffer {
  const header: Header = {
    format: FORMAT,
    entrypoint: build.entrypoint,
    inputReads: build.inputReads,
    warnings: build.warnings,
    wasm_bytes: build.wasm.byteLength,
    wasm_sha256: sha256(build.wasm),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), build.wasm]);
}

export function decodeEntry(bytes: Buffer): CachedBuild | undefined {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as Partial<Header>;
  } catch {
    return undefined;
  }
  const wasm = bytes.subarray(end + 1);
  if (header.format !== FORMAT || typeof header.entrypoint !== 'number' || header.inputReads === undefined || !Array.isArray(header.warnings)) return undefined;
  if (header.wasm_bytes !== wasm.byteLength || header.wasm_sha256 !== sha256(wasm)) return undefined;
  return { wasm, entrypoint: header.entrypoint, inputReads: header.inputReads, warnings: header.warnings };
}

function entryFile(cache: CompileCache, digest: string): string {
  const key = createHash('sha256').update(`${FORMAT}\n${cache.buildId}\n${digest}`).digest('hex');
  return path.join(cache.dir, `${key}${SUFFIX}`);
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(SUFFIX));
  if (names.length <= KEEP_ENTRIES) return;
  const dated = await Promise.all(names.map(async (name) => {
    const file = path.join(dir, name);
    // An entry another warden pruned meanwhile counts as the oldest: its unlink below is a no-op.
    return { file, used: await stat(file).then((s) => s.mtimeMs, () => 0) };
  }));
  dated.sort((a, b) => b.used - a.used);
  await Promise.all(dated.slice(KEEP_ENTRIES).map(({ file }) => unlink(file).catch(() => undefined)));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
