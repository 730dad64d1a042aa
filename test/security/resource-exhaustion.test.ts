/**
 * A server that exhausts what it is given: a fork bomb, an allocation loop, and a server that
 * forks allocators so no one process exceeds a per-process limit. Each run is bounded (200
 * processes, 512 MiB, four allocators of 128 MiB) so a missing limit ends the run instead of the
 * host; each stops short under `sandbox.limits`, warden survives and journals the exit. Without
 * limits each runs to its end: the control. Under bubblewrap and under podman; the runs skip,
 * saying why, where the tool is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { controllerCgroup } from '../../transports/stdio/sandbox/cgroups.js';
import { probeBwrap } from '../../transports/stdio/sandbox/detect.js';
import { WARDEN } from '../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../e2e/support/sandbox.js';
import { testPodman } from '../transports/stdio/sandbox/support/podman.js';

const ALLOW_ALL = 'package mcp\nimport rego.v1\n\ndefault allow := true\n';
const INITIALIZE = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n';

const bwrap = probeBwrap();
if (!bwrap.usable) console.log(`resource-exhaustion: skipping the bubblewrap runs: ${bwrap.reason}`);
const podman = testPodman();
if (!podman.usable) console.log(`resource-exhaustion: skipping the podman runs: ${podman.reason}`);
// Rootless podman limits nothing on cgroup v1 (container-limits.ts): warden refuses limits there.
const podmanLimits = podman.usable && (process.getuid?.() === 0 || existsSync('/sys/fs/cgroup/cgroup.controllers'));
if (podman.usable && !podmanLimits) console.log('resource-exhaustion: skipping the podman runs: rootless podman cannot apply limits on a cgroup v1 host');

type Mode = 'bwrap' | 'podman';
const usable = (mode: Mode): boolean => (mode === 'bwrap' ? bwrap.usable : podmanLimits);

let box: Sandbox;

test.before(async () => {
  box = await createSandbox();
  await writeFile(path.join(box.policies, 'mcp.rego'), ALLOW_ALL);
  await mkdir(path.join(box.dir, 'tmp'));
});

test.after(async () => {
  await box.remove();
});

interface Limits {
  processes: number;
  memory_mib: number;
}

interface Run {
  grant: string;
  stderr: string;
  journaled: boolean;
  /** What the run left in warden's working directory, which was empty: it should stay so. */
  leftInCwd: string[];
}

/** One session through warden whose server is `command`, with `grant` (made here) writable; it runs to its exit. */
async function runServer(mode: Mode, limits: Limits, command: (grant: string) => string[] | Promise<string[]>): Promise<Run> {
  const grant = await mkdtemp(path.join(box.dir, 'limits-'));
  const cwd = await mkdtemp(path.join(box.dir, 'cwd-'));
  const config = path.join(grant, 'warden.json');
  await writeFile(config, JSON.stringify({ upstream: { command: await command(grant), sandbox: { mode, write: [grant], limits } } }));
  // podman: its settings (support/podman.ts), and warden's scratch directories in the box.
  const engine = mode === 'podman' && podman.usable ? { ...podman.env, TMPDIR: path.join(box.dir, 'tmp') } : {};
  const run = spawnSync(process.execPath, [WARDEN, 'run', '--config', config, '--policies', box.policies, '--journal', box.journal], {
    env: { ...process.env, ...engine, MCP_WARDEN_HOME: box.home }, encoding: 'utf8', timeout: 60_000, input: INITIALIZE, cwd,
  });
  const journaled = (await readEntries(box.journal)).some((e) => e.kind === 'decision' && String(e.failure).includes('upstream server closed the session'));
  return { grant, stderr: run.stderr, journaled, leftInCwd: readdirSync(cwd) };
}

const count = async (grant: string, name: string): Promise<number> => Number(await readFile(path.join(grant, name), 'utf8').catch(() => '0'));

/**
 * The fork bomb, then the allocation loop. (`kill -9 -1` ends the sleeping forks: everything in
 * the sandbox's PID namespace but its init and the shell.)
 */
async function exhaustAttempt(mode: Mode, limits: Limits): Promise<{ forks: number; chunks: number; stderr: string; journaled: boolean; leftInCwd: string[] }> {
  const run = await runServer(mode, limits, (grant) => {
    const bomb = `i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); echo $i > ${grant}/forks; done`;
    const hog = `"$0" -e "const a = []; for (let i = 1; i <= 32; i++) { a.push(Buffer.alloc(16 << 20, 1)); require('fs').writeFileSync('${grant}/chunks', String(i)) }"`;
    return ['/bin/sh', '-c', `(${bomb}); kill -9 -1; sleep 0.5; ${hog}; exit 3`, process.execPath];
  });
  return { forks: await count(run.grant, 'forks'), chunks: await count(run.grant, 'chunks'), stderr: run.stderr, journaled: run.journaled, leftInCwd: run.leftInCwd };
}

const described: Record<Mode, string> = { bwrap: 'limits 64 processes', podman: 'limits 64 processes, 256 MiB of memory in all' };

for (const mode of ['bwrap', 'podman'] as const) {
  (usable(mode) ? test : test.skip)(`--sandbox ${mode}: a fork bomb and an allocation loop stop at the limits; warden survives and journals the exit`, async () => {
    const limited = await exhaustAttempt(mode, { processes: 64, memory_mib: 256 });
    assert.ok(limited.forks > 0 && limited.forks < 64, `forks: ${limited.forks}\n${limited.stderr}`);
    assert.ok(limited.chunks > 0 && limited.chunks < 16, `chunks: ${limited.chunks}\n${limited.stderr}`);
    assert.match(limited.stderr, described[mode]);
    assert.match(limited.stderr, 'the server exited with code 3');
    assert.ok(limited.journaled, 'the journal records the session the server ended');
    // podman's conmon writes `oom` into its working directory when the kernel kills for memory.
    assert.equal(limited.leftInCwd, [], 'nothing is left in the working directory warden ran in');
    const control = await exhaustAttempt(mode, { processes: 0, memory_mib: 0 });
    assert.equal([control.forks, control.chunks], [200, 32], control.stderr);
  });
}

/**
 * Starts four allocators one after another, each holding 128 MiB (under the per-process limit of
 * 256), and says how many came to hold it and how many are alive once all have started: four
 * hold 512 MiB. Each waits at most 10 s for an allocator to hold or die. The allocators offer
 * themselves to the OOM killer first, so the one reporting survives.
 */
const FORKER = `const { spawn } = require('child_process');
const fs = require('fs');
const ALLOCATE = "try { fs.writeFileSync('/proc/self/oom_score_adj', '1000') } catch {} const a = []; for (let i = 0; i < 8; i++) a.push(Buffer.alloc(16 << 20, 1)); console.log('holding'); setTimeout(() => {}, 30000)";
const children = [];
let held = 0;
const started = (child) => new Promise((resolve) => {
  const timer = setTimeout(resolve, 10000);
  const done = () => { clearTimeout(timer); resolve(); };
  child.stdout.once('data', () => { held++; done(); });
  child.once('exit', done);
});
(async () => {
  for (let i = 0; i < 4; i++) {
    const child = spawn(process.execPath, ['-e', 'const fs = require("fs"); ' + ALLOCATE], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.exited = false;
    child.once('exit', () => { child.exited = true; });
    children.push(child);
    await started(child);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  fs.writeFileSync(process.argv[2] + '/held', String(held));
  fs.writeFileSync(process.argv[2] + '/alive', String(children.filter((c) => !c.exited).length));
  children.forEach((c) => c.kill('SIGKILL'));
  process.exit(3);
})();
`;

async function forkedAllocators(limits: Limits): Promise<{ held: number; alive: number; stderr: string }> {
  const run = await runServer('bwrap', limits, async (grant) => {
    await writeFile(path.join(grant, 'forker.js'), FORKER);
    return [process.execPath, path.join(grant, 'forker.js'), grant];
  });
  return { held: await count(run.grant, 'held'), alive: await count(run.grant, 'alive'), stderr: run.stderr };
}

const memoryCgroup = process.getuid?.() === 0 ? controllerCgroup('memory') : undefined;
if (bwrap.usable && memoryCgroup === undefined) console.log('resource-exhaustion: skipping the forked allocators run: it needs warden as root with a writable memory cgroup');
(bwrap.usable && memoryCgroup !== undefined ? test : test.skip)('--sandbox bwrap as root with a memory cgroup: a server that forks allocators holds no more than memory_mib in all', async () => {
  const limited = await forkedAllocators({ processes: 64, memory_mib: 256 });
  assert.match(limited.stderr, '256 MiB of memory in all (cgroup)');
  // One allocator fits; two together would pass 256 MiB (the OOM killer may take the last one too).
  assert.ok(limited.held >= 1 && limited.alive <= 1, `held ${limited.held}, alive ${limited.alive}\n${limited.stderr}`);
  const control = await forkedAllocators({ processes: 64, memory_mib: 0 });
  assert.equal([control.held, control.alive], [4, 4], control.stderr);
});

test.run();
