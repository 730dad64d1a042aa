/** Path questions the mount plan asks, answered on real paths (symlinks resolved). */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** `inner` is `outer` or lies beneath it. Both must be absolute and normalised. */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path, or undefined when nothing is there (or the name is not a usable path). */
export function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export function isDirectory(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Where warden looks for the programs that confine a server (bwrap, podman, docker): the
 * system's own directories, never PATH. PATH may name a directory a server can write (a
 * project's node_modules/.bin, a granted ~/bin), and a `bwrap` a server planted there would run
 * every later server unconfined, reported as confined.
 */
export const SYSTEM_SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(path.delimiter);

/** Like execvp: a name with a slash is a path, any other is looked up in PATH. */
export function resolveExecutable(command: string, searchPath: string | undefined, cwd: string): string | undefined {
  const candidates = command.includes('/')
    ? [path.resolve(cwd, command)]
    : (searchPath ?? '').split(path.delimiter).filter((dir) => dir !== '').map((dir) => path.resolve(cwd, dir, command));
  for (const candidate of candidates) {
    if (isExecutableFile(candidate)) return realPath(candidate);
  }
  return undefined;
}

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The tree a script needs to run: the package it belongs to, seen from outside any
 * node_modules (its dependencies may be hoisted next to it), else the script's own directory.
 */
export function projectRoot(file: string): string {
  const dir = path.dirname(file);
  const parts = dir.split(path.sep);
  const outermostModules = parts.indexOf('node_modules');
  const start = outermostModules > 0 ? parts.slice(0, outermostModules).join(path.sep) || path.sep : dir;
  for (let at = start; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at;
    if (path.dirname(at) === at) return dir;
  }
}
