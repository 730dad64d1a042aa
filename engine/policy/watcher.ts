/**
 * Watches a policy directory (and a `--data` file), loads the policy, and reloads on change.
 * Edits arrive as bursts of events (editors write, rename, chmod), so reloads are debounced;
 * reloads never overlap, and a change that lands during one schedules exactly one more. A broken
 * edit keeps the last good policy (see reloadPolicy); the caller learns about it through onReport.
 *
 * The files in force must be the files on disk, whenever an edit lands. So the watch is set up
 * before the first load reads anything, and every load ends by comparing the files it read
 * with the disk (their files digest), once the watch is armed: an edit the read missed, made
 * while the load compiled or before the watch could report it, is reloaded like any other.
 * From that comparison on, the watch reports edits. Nothing polls file contents.
 *
 * A watch follows an inode, not a path: once the directory is deleted and re-created, renamed,
 * or swapped for another, or the data file is deleted, the old watch sees nothing ever again.
 * So the sources' identity is polled too; when it changes the watch is re-armed on whatever is
 * now at the path, and while a source is missing the last good policy stays in force and that
 * is said once, on onReport and in the journal.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { DiagnosticCode } from '../compiler/diagnostics.js';
import { filesDigest } from './digest.js';
import { isPolicyInput, readPolicyFiles } from './sources.js';
import { reloadPolicy, type PolicyLoadReport, type ReloadOptions } from './reload.js';

export interface WatchOptions extends Omit<ReloadOptions, 'here'> {
  /** Build the first load on this thread (build-here.ts): a process's first load, before anything is decided. Reloads never are. */
  firstHere?: boolean;
  /** Quiet period after the last change before reloading (default 150 ms). */
  debounceMs?: number;
  /** How often the sources' identity is checked, to notice deletes, renames and swaps (default 500 ms). */
  pollMs?: number;
  /** A reload that could not even be journaled (fail closed: the caller should stop). */
  onFatal?: (error: unknown) => void;
}

export interface PolicyWatcher {
  /**
   * The first load's outcome, which is not given to onReport: a start is the caller's to report.
   * Rejects when it cannot be journaled. Reloads wait for it.
   */
  readonly loaded: Promise<PolicyLoadReport>;
  /** Resolves once the directory is being watched. */
  readonly ready: Promise<void>;
  /** Resolves when no reload is scheduled or running; for tests and orderly shutdown. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export const SOURCE_MISSING = 'source missing';

export function watchPolicyDir(options: WatchOptions): PolicyWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const dir = path.resolve(options.dir);
  const dataFile = options.dataFile === undefined ? undefined : path.resolve(options.dataFile);
  const roots = dataFile ? [dir, dataFile] : [dir];
  let fsw: FSWatcher;
  let known: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void>;
  /** A reload waits behind the one running: it will read the disk later than anything now. */
  let queued = false;
  let missingSaid = false;
  let checking = false;
  let closed = false;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const fatal = (error: unknown): void => options.onFatal?.(error);

  const attempt = async (): Promise<PolicyLoadReport | void> => {
    queued = false;
    const missing = await missingRoot(roots);
    if (missing === undefined) {
      missingSaid = false;
      return reloadPolicy(options);
    }
    if (missingSaid) return;
    missingSaid = true;
    await reportMissing(options, missing);
  };
  // Compared only once the watch is armed: an edit after the comparison is the watch's to report.
  const catchUp = async (report: PolicyLoadReport | void): Promise<void> => {
    if (!report) return;
    await Promise.race([ready, stopped]);
    if (closed || timer || queued) return;
    if (await filesOnDisk(options) !== report.filesDigest) schedule();
  };
  const reload = (): void => {
    timer = undefined;
    queued = true;
    running = running.then(async () => (closed ? undefined : catchUp(await attempt()))).catch(fatal);
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  };
  const onEvent = (owner: FSWatcher, event: string, file: string): void => {
    if (owner !== fsw) return;
    const abs = path.resolve(dir, file);
    // The watched root itself went away: whatever appears there next needs a new watch.
    if (roots.includes(abs) && event.startsWith('unlink')) known = undefined;
    const rel = relative(dir, abs);
    // `..data` and `..<version>`: a Kubernetes ConfigMap's files are links through them, and an
    // update swaps `..data` without touching the links (file-walk.ts).
    if (abs === dataFile || isPolicyInput(rel) || (rel.startsWith('..') && !rel.startsWith('../'))) schedule();
  };
  const arm = (): Promise<void> => {
    const next = watch(roots, { ignoreInitial: true, atomic: true });
    fsw = next;
    next.on('all', (event, file) => onEvent(next, event, file));
    next.on('error', () => { known = undefined; });
    return new Promise<void>((resolve) => next.once('ready', () => resolve()));
  };
  const check = async (): Promise<void> => {
    if (checking || closed) return;
    checking = true;
    try {
      const now = await identityOf(roots);
      if (now === known) return;
      known = now;
      if (!now.includes(MISSING)) {
        // Closed first: chokidar shares one fs.watch per path across instances, and the old
        // one still follows the dead inode.
        await fsw.close();
        await arm();
      }
      schedule();
    } finally {
      checking = false;
    }
  };

  const ready = Promise.all([arm(), identityOf(roots).then((id) => { known = id; })]).then(() => undefined);
  // Read while the watch is being armed, not after: a start waits for the compile, not for both.
  const loaded = reloadPolicy({ ...options, onReport: undefined, here: options.firstHere });
  // Its failure is the caller's, through `loaded`; the reloads after it go on either way.
  running = loaded.then(catchUp, () => undefined).catch(fatal);
  const poll = setInterval(() => void check().catch(fatal), options.pollMs ?? 500);
  poll.unref();
  return {
    loaded,
    ready,
    async settled() {
      for (;;) {
        while (timer || checking) await new Promise((r) => setTimeout(r, debounceMs));
        const last = running;
        await last;
        // A load's comparison may have scheduled another.
        if (last === running && !timer && !checking) return;
      }
    },
    async close() {
      closed = true;
      stop();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      while (checking) await new Promise((r) => setTimeout(r, 10));
      await fsw.close();
      await running;
    },
  };
}

/** The files digest of what is on disk now; null where it cannot be read, as a load reports it. */
async function filesOnDisk(options: WatchOptions): Promise<string | null> {
  try {
    return filesDigest(await readPolicyFiles(options.dir, options));
  } catch {
    return null;
  }
}

const MISSING = 'missing';

/** Device, inode and birth time: a re-created directory may reuse the inode number. */
async function identityOf(roots: string[]): Promise<string> {
  const ids = await Promise.all(roots.map(async (root) => {
    try {
      const s = await stat(root, { bigint: true });
      return `${s.dev}:${s.ino}:${s.birthtimeNs}`;
    } catch {
      return MISSING;
    }
  }));
  return ids.join('|');
}

async function missingRoot(roots: string[]): Promise<string | undefined> {
  for (const root of roots) {
    try {
      await stat(root);
    } catch {
      return root;
    }
  }
  return undefined;
}

/** Journaled like a failed load (reload.ts), with `reason` so tools need not parse the message. */
async function reportMissing(options: WatchOptions, missing: string): Promise<void> {
  const kept = options.store.current?.digest ?? null;
  const message = `${SOURCE_MISSING}: ${missing} was deleted or moved; the last good policy stays in force until it reappears`;
  const report: PolicyLoadReport = {
    ok: false,
    errors: [{ code: DiagnosticCode.compile, message, location: { file: missing, row: 1, col: 1 } }],
    attemptedDigest: null,
    keptDigest: kept,
    durationMs: 0,
    filesDigest: null,
  };
  await options.journal?.append({
    kind: 'policy-load', ok: false, reason: SOURCE_MISSING, error: message, error_codes: ['source_missing'],
    attempted_digest: null, kept_digest: kept, duration_ms: 0,
  });
  options.onReport?.(report);
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}
