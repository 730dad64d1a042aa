/**
 * Small filesystems for fault injection, root only: a loop-mounted ext4 image that fills up,
 * and tmpfs mounts (read-only ones included). Each returns a reason instead when it cannot
 * mount here, so the test can skip and say why.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Mounted { dir: string; unmount(): Promise<void> }

export async function loopExt4(sizeMiB: number): Promise<Mounted | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'not root: cannot loop-mount a small filesystem' };
  const base = await mkdtemp(path.join(tmpdir(), 'warden-loop-'));
  const image = path.join(base, 'fs.img');
  const dir = path.join(base, 'mnt');
  await mkdir(dir);
  const steps = [
    ['dd', 'if=/dev/zero', `of=${image}`, 'bs=1M', `count=${sizeMiB}`, 'status=none'],
    // -m 0: no blocks reserved for root, who runs warden here
    ['mkfs.ext4', '-q', '-m', '0', image],
    ['mount', '-o', 'loop', image, dir],
  ];
  for (const [command, ...args] of steps) {
    const failure = run(command!, args);
    if (failure) {
      await rm(base, { recursive: true, force: true });
      return { skip: `cannot make a loop-mounted ext4 here (${failure})` };
    }
  }
  return mounted(base, dir);
}

export async function tmpfs(options: string): Promise<Mounted | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'not root: cannot mount a tmpfs' };
  const base = await mkdtemp(path.join(tmpdir(), 'warden-tmpfs-'));
  const dir = path.join(base, 'mnt');
  await mkdir(dir);
  const failure = run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (failure) {
    await rm(base, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${failure})` };
  }
  return mounted(base, dir);
}

function mounted(base: string, dir: string): Mounted {
  return {
    dir,
    unmount: async () => {
      run('umount', [dir]);
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** Runs a command; returns why it failed, or undefined. */
function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  if (result.error) return `${command}: ${result.error.message}`;
  return result.status === 0 ? undefined : `${command} exited ${result.status}: ${result.stderr.trim()}`;
}
