/**
 * Watches a policy directory and reloads on change. Edits arrive as bursts of events (editors
 * write, rename, chmod), so reloads are debounced; reloads never overlap, and a change that
 * lands during one schedules exactly one more. A broken edit keeps the last good policy (see
 * reloadPolicy); the caller learns about it through onReport.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isPolicyInput } from './sources.js';
import { reloadPolicy, type PolicyLoadReport, type ReloadOptions } from './reload.js';

export interface WatchOptions extends ReloadOptions {
  /** Quiet period after the last change before reloading (default 150 ms). */
  debounceMs?: number;
  /** A reload that could not even be journaled (fail closed: the caller should stop). */
  onFatal?: (error: unknown) => void;
}

export interface PolicyWatcher {
  /** Resolves once the directory is being watched. */
  readonly ready: Promise<void>;
  /** Resolves when no reload is scheduled or running; for tests and orderly shutdown. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function watchPolicyDir(options: WatchOptions): PolicyWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const dataFile = options.dataFile === undefined ? undefined : path.resolve(options.dataFile);
  const fsw: FSWatcher = watch(dataFile ? [options.dir, dataFile] : options.dir, { ignoreInitial: true, atomic: true });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PolicyLoadReport | void> = Promise.resolve();
  let closed = false;

  const reload = (): void => {
    timer = undefined;
    running = running.then(() => (closed ? undefined : reloadPolicy(options))).catch((error: unknown) => options.onFatal?.(error));
  };
  const schedule = (file: string): void => {
    if (closed) return;
    if (path.resolve(options.dir, file) !== dataFile && !isPolicyInput(relative(options.dir, file))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  };

  fsw.on('all', (_event, file) => schedule(file));
  const ready = new Promise<void>((resolve) => fsw.once('ready', () => resolve()));
  return {
    ready,
    async settled() {
      while (timer) await new Promise((r) => setTimeout(r, debounceMs));
      await running;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await fsw.close();
      await running;
    },
  };
}

function relative(dir: string, file: string): string {
  return path.relative(dir, path.resolve(dir, file)).split(path.sep).join('/');
}
