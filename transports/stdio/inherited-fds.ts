/**
 * Descriptors warden inherited without close-on-exec (`exec 20>/some/file; warden run ...`).
 * Node opens its own with close-on-exec, but these would pass through every spawn, bubblewrap
 * and container engines included, to the server: a file or socket it was never granted. Each
 * spawn puts /dev/null (read-only) in their place instead (child.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';

const O_CLOEXEC = 0o2000000;

/** Descriptors above stderr that a spawned process would inherit. Empty where /proc is unavailable. */
export function inheritedDescriptors(): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  return names.map(Number).filter((fd) => fd > 2 && inheritable(fd)).sort((a, b) => a - b);
}

function inheritable(fd: number): boolean {
  let info: string;
  try {
    info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  } catch {
    // Gone meanwhile (readdir's own descriptor is one).
    return false;
  }
  const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1];
  return flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0;
}
