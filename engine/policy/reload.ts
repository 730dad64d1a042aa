/**
 * One (re)load attempt of a policy directory: read, build, journal, swap. A failed attempt
 * keeps the policy in force and is journaled too, so the journal holds every attempt. A
 * successful build is journaled before it is swapped in: no decision may name a digest the
 * journal has not introduced. The build runs on a worker thread (build-off-thread.ts): the
 * policy in force keeps deciding messages meanwhile. Only a first load, with nothing in force
 * yet, may build on this thread (build-here.ts).
 */
import { formatDiagnostic, type Diagnostic } from '../compiler/diagnostics.js';
import type { BuildOptions } from './build.js';
import { buildAndCheckOffThread } from './build-off-thread.js';
import { buildAndCheckHere } from './build-here.js';
import type { CompileCache } from './compile-cache.js';
import { filesDigest, policyDigest } from './digest.js';
import { PolicyLoadError } from './errors.js';
import { parsePolicyFiles, readPolicyFiles } from './sources.js';
import type { PolicyStore } from './store.js';
import type { WardenPolicy } from './policy.js';

/** Structural view of the journal: the engine only appends. */
export interface PolicyJournal {
  append(entry: { kind: 'policy-load'; [field: string]: unknown }): Promise<unknown>;
}

/**
 * `cached`: the wasm came from the compile cache (compile-cache.ts), compiled by an earlier run of
 * the same build from the same sources. `unchanged`: the sources hash to the digest already in force (an editor saving an unchanged
 * file, a `touch`), so nothing was compiled or swapped; a compile is deterministic, so
 * rebuilding would give the same policy. `filesDigest`: of the files as read (digest.ts), null
 * when they could not be read; the watcher compares it with the disk once the attempt is over.
 */
export type PolicyLoadReport =
  | { ok: true; digest: string; previousDigest: string | null; modules: string[]; durationMs: number; warnings: string[]; filesDigest: string; unchanged?: true; cached?: true }
  | { ok: false; errors: Diagnostic[]; attemptedDigest: string | null; keptDigest: string | null; durationMs: number; filesDigest: string | null };

// The digest is the reload's own to work out, from the files it reads.
export interface ReloadOptions extends Omit<BuildOptions, 'digest'> {
  dir: string;
  /** A data file outside the directory (`--data`); watched and reloaded like the policies. */
  dataFile?: string;
  /** 0: the modules are Rego v0 (`--v0-compatible`). */
  regoVersion?: 0 | 1;
  /** A failing builtin call aborts the decision, which denies (`--strict-builtin-errors`). */
  strictBuiltinErrors?: boolean;
  store: PolicyStore;
  journal?: PolicyJournal;
  /** Called with every attempt's outcome (diagnostics on failure). */
  onReport?: (report: PolicyLoadReport) => void;
  /** Build on this thread (build-here.ts): for a process's first load, before anything is decided. */
  here?: boolean;
  /** Compiled policies of earlier runs, for a build here (compile-cache.ts). */
  compileCache?: CompileCache;
}

/** Resolves with the outcome; rejects only when the journal fails (fail closed: nothing is swapped). */
export async function reloadPolicy(options: ReloadOptions): Promise<PolicyLoadReport> {
  const started = performance.now();
  const attempt = await attemptBuild(options);
  const durationMs = performance.now() - started;
  const kept = options.store.current?.digest ?? null;
  const report: PolicyLoadReport = attempt.ok === 'unchanged'
    ? { ok: true, digest: attempt.digest, previousDigest: kept, modules: attempt.modules, durationMs, warnings: [], filesDigest: attempt.filesDigest, unchanged: true }
    : attempt.ok
      ? {
        ok: true, digest: attempt.policy.digest, previousDigest: kept, modules: [...attempt.policy.modules], durationMs, warnings: attempt.warnings, filesDigest: attempt.filesDigest,
        ...(attempt.cached ? { cached: attempt.cached } : {}),
      }
      : { ok: false, errors: attempt.errors, attemptedDigest: attempt.attemptedDigest, keptDigest: kept, durationMs, filesDigest: attempt.filesDigest };
  await options.journal?.append(loadEntry(report));
  if (attempt.ok === true) options.store.swap(attempt.policy);
  options.onReport?.(report);
  return report;
}

type Attempt =
  | { ok: true; policy: WardenPolicy; warnings: string[]; filesDigest: string; cached?: true }
  | { ok: 'unchanged'; digest: string; modules: string[]; filesDigest: string }
  | { ok: false; errors: Diagnostic[]; attemptedDigest: string | null; filesDigest: string | null };

async function attemptBuild(options: ReloadOptions): Promise<Attempt> {
  let read: string | null = null;
  let digest: string | null = null;
  try {
    const files = await readPolicyFiles(options.dir, options);
    read = filesDigest(files);
    const sources = parsePolicyFiles(files);
    digest = policyDigest(sources);
    const current = options.store.current;
    if (current && digest === current.digest) return { ok: 'unchanged', digest, modules: [...current.modules], filesDigest: read };
    const build = options.here ? buildAndCheckHere : buildAndCheckOffThread;
    return { ok: true, ...await build(sources, { ...options, digest }), filesDigest: read };
  } catch (error) {
    if (!isLoadFailure(error)) throw error;
    const errors = isFsError(error) ? unreadable(error, options.dir) : PolicyLoadError.from(error, options.dir).errors;
    return { ok: false, errors, attemptedDigest: digest, filesDigest: read };
  }
}

/** Load failures are reported; anything else (a journal failure, a bug) propagates. */
function isLoadFailure(error: unknown): boolean {
  return error instanceof PolicyLoadError || isFsError(error);
}

/** Located at the path that could not be read (the data file, a module, the directory itself), in plain words. */
function unreadable(error: NodeJS.ErrnoException, dir: string): Diagnostic[] {
  const why: Record<string, string> = { ENOENT: 'no such file or directory', ENOTDIR: 'not a directory', EACCES: 'permission denied', EISDIR: 'is a directory' };
  const reason = why[error.code ?? ''] ?? error.message;
  return PolicyLoadError.single(error.path ?? dir, `cannot read the policy: ${reason}`).errors;
}

function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string'
    && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function loadEntry(report: PolicyLoadReport): { kind: 'policy-load'; [field: string]: unknown } {
  const duration_ms = Math.round(report.durationMs);
  if (report.ok) {
    const warnings = report.warnings.length > 0 ? { warnings: report.warnings } : {};
    const unchanged = report.unchanged ? { unchanged: true } : {};
    const cached = report.cached ? { cached: true } : {};
    return { kind: 'policy-load', ok: true, policy_digest: report.digest, previous_digest: report.previousDigest, modules: report.modules, duration_ms, ...unchanged, ...cached, ...warnings };
  }
  return {
    kind: 'policy-load',
    ok: false,
    error: report.errors.map(formatDiagnostic).join('\n'),
    error_codes: [...new Set(report.errors.map((d) => d.code))].sort(),
    attempted_digest: report.attemptedDigest,
    kept_digest: report.keptDigest,
    duration_ms,
  };
}
