/**
 * Podman for the tests that run real containers: usable here or not (with the reason), and the
 * environment that makes it usable. Some hosts need engine settings an operator would put in
 * containers.conf: without CAP_SYS_RESOURCE (warden's own CI runs in such a container) podman's
 * default rlimits cannot be set, and crun refuses hybrid cgroup v1/v2 hosts where runc works.
 * The tests give warden such a file through CONTAINERS_CONF, which the engine inherits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeEngine } from '../../../../../transports/stdio/sandbox/container-detect.js';
import { SANDBOX_HOME, SYSTEM_PATHS } from '../../../../../transports/stdio/sandbox/mount-plan.js';
import { resolveExecutable } from '../../../../../transports/stdio/sandbox/paths.js';

export type TestPodman = { usable: true; env: { CONTAINERS_CONF: string } } | { usable: false; reason: string };

let cached: TestPodman | undefined;

/** Probed once per test process, like warden probes once per start. */
export function testPodman(): TestPodman {
  cached ??= probe();
  return cached;
}

function probe(): TestPodman {
  if (resolveExecutable('podman', process.env.PATH, '/') === undefined) return { usable: false, reason: 'podman is not installed (apt-get install podman runc)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-warden-podman-conf-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const env = { CONTAINERS_CONF: path.join(dir, 'containers.conf') };
  writeFileSync(env.CONTAINERS_CONF, containersConf());
  const root = mkdtempSync(path.join(tmpdir(), 'mcp-warden-podman-root-'));
  try {
    const found = probeEngine({ engine: 'podman', root: { kind: 'rootfs', dir: root }, network: false, system: SYSTEM_PATHS.filter((p) => existsSync(p)), home: SANDBOX_HOME }, { ...process.env, ...env });
    return found.usable ? { usable: true, env } : { usable: false, reason: found.reason };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The limits warden itself has (never more), and runc when it is installed. */
function containersConf(): string {
  const openFiles = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const nofile = openFiles === null ? [] : [`"nofile=${openFiles[1]}:${openFiles[2]}"`];
  const runc = resolveExecutable('runc', process.env.PATH, '/') !== undefined;
  return [
    '[containers]', `default_ulimits = [${[...nofile, '"nproc=4096:4096"'].join(', ')}]`,
    '[engine]', ...(runc ? ['runtime = "runc"'] : []), '',
  ].join('\n');
}
