/**
 * What of the sandbox's /proc a server must not write or read. bwrap mounts a fresh procfs, but
 * the kernel's global knobs are in every procfs: a server running as uid 0 (warden run as root;
 * dropping capabilities does not stop it) could write /proc/sys/kernel/core_pattern and have the
 * kernel run a program of its choosing as host root, outside every namespace. bwrap 0.8 covers
 * /proc/irq and /proc/bus only. These are the paths Docker makes read-only or masks (runc's
 * readonlyPaths and maskedPaths).
 */
import { existsSync, statSync } from 'node:fs';

/** Bound read-only over themselves (bwrap's `-try` skips those this kernel lacks). */
export const PROC_READ_ONLY = ['/proc/sys', '/proc/sysrq-trigger', '/proc/fs', '/proc/irq', '/proc/bus'] as const;

/** Host state a server has no business reading: covered with an empty file or directory. */
const PROC_MASKED = ['/proc/keys', '/proc/timer_list', '/proc/sched_debug', '/proc/kcore', '/proc/latency_stats', '/proc/timer_stats', '/proc/acpi', '/proc/scsi'] as const;

export interface ProcMasks {
  files: readonly string[];
  dirs: readonly string[];
}

/**
 * The masked paths this kernel has: a cover needs its mount point, and the sandbox's procfs
 * has the same global entries as warden's.
 */
export function procMasks(): ProcMasks {
  const present = PROC_MASKED.filter((path) => existsSync(path));
  return { files: present.filter((path) => !statSync(path).isDirectory()), dirs: present.filter((path) => statSync(path).isDirectory()) };
}
