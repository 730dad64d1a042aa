/**
 * A compromised stdio server, run through `warden run --config`, tries to read warden's
 * environment, the names of the paths warden hides (from any command line in /proc), its signing key,
 * forge the journal, read the env file the config gives it, read a
 * file it was not granted and reach the network. Under
 * bubblewrap and under podman every attempt fails while a write to a granted directory works;
 * with --sandbox none every one succeeds, which proves the probes can tell. The podman runs
 * also check that no container outlives its session, or warden.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { probeBwrap } from '../../transports/stdio/sandbox/detect.js';
import { WARDEN } from '../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../e2e/support/sandbox.js';
import { until } from '../support/until.js';
import { testPodman } from '../transports/stdio/sandbox/support/podman.js';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hostile-upstream-server.js');
const ALLOW_ALL = 'package mcp\nimport rego.v1\n\ndefault allow := true\n';

interface Attempts {
  wardenEnvironment: boolean;
  hiddenPathNames: boolean;
  signingKey: boolean;
  journalWrite: boolean;
  policyWrite: boolean;
  envFile: boolean;
  outsideFile: boolean;
  network: boolean;
  grantedWrite: boolean;
}

interface Run {
  attempts?: Attempts;
  /** warden's exit or connection failure, with its stderr. */
  failure?: string;
  stderr: string;
}

const bwrap = probeBwrap();
if (!bwrap.usable) console.log(`hostile-upstream: skipping the sandboxed runs: ${bwrap.reason}`);
const sandboxed = bwrap.usable ? test : test.skip;
const podman = testPodman();
if (!podman.usable) console.log(`hostile-upstream: skipping the podman runs: ${podman.reason}`);
const inPodman = podman.usable ? test : test.skip;
const podmanEnv = podman.usable ? podman.env : {};
/** Warden's scratch directories (the container's root) inside the box: even a killed warden's get removed. */
const inBox = (): { env: Record<string, string> } => ({ env: { ...podmanEnv, TMPDIR: path.join(box.dir, 'tmp') } });

let box: Sandbox;
/** The config file naming the server, and the env_file it gives it, both in the granted box.dir. */
let configFile: string;
let envFile: string;
let outside: string;
let listener: Server;
let port: number;
const secret = randomBytes(16).toString('hex');

test.before(async () => {
  box = await createSandbox();
  await writeFile(path.join(box.policies, 'mcp.rego'), ALLOW_ALL);
  await mkdir(path.join(box.dir, 'tmp'));
  envFile = path.join(box.dir, 'upstream.env');
  await writeFile(envFile, 'HOSTILE_FROM_ENV_FILE=1\n');
  configFile = path.join(box.dir, 'warden.json');
  await writeFile(configFile, JSON.stringify({ upstream: { command: [process.execPath, HOSTILE], env_file: 'upstream.env' } }));
  outside = await mkdtemp(path.join(tmpdir(), 'mcp-warden-outside-'));
  await writeFile(path.join(outside, 'secret.txt'), 'outside the grants\n');
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

test.after(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await rm(outside, { recursive: true, force: true });
  await box.remove();
});

interface Session {
  /** For the engine: where it finds its settings (support/podman.ts). */
  env?: Record<string, string>;
  /** Called with warden's pid once the probe has answered, before the session closes. */
  beforeClose?: (wardenPid: number) => void;
}

/** One session through warden: initialize, call the probe, close. */
async function probeThroughWarden(sandboxFlags: string[], session: Session = {}): Promise<Run> {
  const hostileEnv = {
    HOSTILE_KEY_FILE: path.join(box.home, 'signing-key.pem'),
    HOSTILE_JOURNAL_DIR: box.journal,
    HOSTILE_POLICY_DIR: box.policies,
    HOSTILE_ENV_FILE: envFile,
    HOSTILE_OUTSIDE_FILE: path.join(outside, 'secret.txt'),
    HOSTILE_PORT: String(port),
    HOSTILE_GRANTED_DIR: box.workspace,
    HOSTILE_SECRET: secret,
  };
  const envFlags = Object.entries(hostileEnv).filter(([name]) => name !== 'HOSTILE_SECRET').flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--config', configFile, '--policies', box.policies, '--journal', box.journal, ...sandboxFlags, ...envFlags],
    // The secret is in warden's environment only: the server can learn it only by reading warden's.
    env: { ...getDefaultEnvironment(), ...session.env, MCP_WARDEN_HOME: box.home, HOSTILE_SECRET: secret },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'hostile-upstream-test', version: '0.0.0' });
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: 'probe', arguments: {} }, undefined, { timeout: 10_000 });
    const text = (result.content as { type: string; text: string }[])[0]!.text;
    session.beforeClose?.(transport.pid!);
    return { attempts: JSON.parse(text) as Attempts, stderr: stderr.text };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error), stderr: stderr.text };
  } finally {
    await client.close();
  }
}

sandboxed('under bubblewrap every attempt fails, even with the directory holding the journal, key, policy and env file granted', async () => {
  // Granting box.dir read-write exposes the journal, warden home, policy and env file beneath it: warden must cover them.
  const run = await probeThroughWarden(['--sandbox', 'bwrap', '--sandbox-write', box.dir]);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(run.attempts, {
    wardenEnvironment: false, hiddenPathNames: false, signingKey: false, journalWrite: false, policyWrite: false, envFile: false, outsideFile: false, network: false, kernelSettings: false, grantedWrite: true,
  }, run.stderr);
  assert.match(run.stderr, 'sandbox: bubblewrap');
  assert.not.ok((await readdir(box.journal)).includes('segment-forged.jsonl'));
});

/**
 * The server tries to move aside the directory holding the policy and the one holding warden's
 * home (read-only and hidden mounts stop writes to them, not a rename of a directory above
 * them), so warden would reload a policy it put in their place and sign checkpoints into a
 * journal directory it made. With --sandbox none the same move works: the control.
 */
async function swapAttempt(sandboxFlags: string[]): Promise<{ policyMoved: boolean; homeMoved: boolean; stderr: string }> {
  const grant = await mkdtemp(path.join(box.dir, 'swap-'));
  const policies = path.join(grant, 'project', 'policies');
  const home = path.join(grant, 'state', 'home');
  await mkdir(policies, { recursive: true });
  await mkdir(home, { recursive: true });
  await writeFile(path.join(policies, 'mcp.rego'), ALLOW_ALL);
  const move = `mv ${grant}/project ${grant}/project-old; mv ${grant}/state ${grant}/state-old; exec "$0" "$@"`;
  const run = spawnSync(process.execPath, [WARDEN, 'run', '--policies', policies, ...sandboxFlags, '--sandbox-write', grant,
    '--', '/bin/sh', '-c', move, process.execPath, HOSTILE], {
    env: { ...process.env, MCP_WARDEN_HOME: home }, encoding: 'utf8', timeout: 20_000,
    input: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n',
  });
  const exists = async (p: string): Promise<boolean> => readdir(p).then(() => true, () => false);
  return { policyMoved: await exists(path.join(grant, 'project-old')), homeMoved: await exists(path.join(grant, 'state-old')), stderr: run.stderr };
}

sandboxed('under bubblewrap the server cannot move aside the directories holding the policy and warden\'s home', async () => {
  const swapped = await swapAttempt(['--sandbox', 'bwrap']);
  assert.equal([swapped.policyMoved, swapped.homeMoved], [false, false], swapped.stderr);
  const control = await swapAttempt(['--sandbox', 'none']);
  assert.equal([control.policyMoved, control.homeMoved], [true, true], control.stderr);
});

/**
 * Warden's home not there yet, inside the writable grant, with the journal and key elsewhere: the
 * server makes it and writes into it first. Warden would then keep its compile cache (whose wasm
 * the next start loads as the policy) and its tool approvals where the server writes. With
 * --sandbox none the write lands: the control.
 */
async function earlyHomeWrite(sandboxFlags: string[]): Promise<{ forged: boolean; stderr: string }> {
  const grant = await mkdtemp(path.join(box.dir, 'early-home-'));
  const home = path.join(grant, 'home');
  const elsewhere = `${grant}-outside`;
  const write = `mkdir -p ${home}; echo forged > ${home}/forged; exec "$0" "$@"`;
  const run = spawnSync(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', path.join(elsewhere, 'journal'),
    '--signing-key', path.join(elsewhere, 'key.pem'), ...sandboxFlags, '--sandbox-write', grant, '--', '/bin/sh', '-c', write, process.execPath, HOSTILE], {
    env: { ...process.env, MCP_WARDEN_HOME: home }, encoding: 'utf8', timeout: 20_000,
    input: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n',
  });
  return { forged: await readFile(path.join(home, 'forged'), 'utf8').then(() => true, () => false), stderr: run.stderr };
}

sandboxed('under bubblewrap a server cannot write warden\'s home even before warden has made it', async () => {
  const early = await earlyHomeWrite(['--sandbox', 'bwrap']);
  assert.is(early.forged, false, early.stderr);
  const control = await earlyHomeWrite(['--sandbox', 'none']);
  assert.is(control.forged, true, control.stderr);
});

/**
 * Run by a root warden, the server owns what it creates in its grant: a copy of a program made
 * setuid there, or a setgid directory, would be a way to root for any local user who reaches
 * the grant. With --sandbox none both are made: the control.
 */
async function setIdAttempt(sandboxFlags: string[], env: Record<string, string> = {}): Promise<{ setIdModes: number[]; stderr: string }> {
  const grant = await mkdtemp(path.join(box.dir, 'setid-'));
  const make = `cp /bin/true ${grant}/suid; chmod 4755 ${grant}/suid; mkdir -m 2755 ${grant}/sgid; `
    + `node -e "require('fs').writeFileSync('${grant}/created', '', { mode: 0o4755 })"; exec "$0" "$@"`;
  const run = spawnSync(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, ...sandboxFlags,
    '--sandbox-write', grant, '--', '/bin/sh', '-c', make, process.execPath, HOSTILE], {
    env: { ...process.env, ...env, MCP_WARDEN_HOME: box.home }, encoding: 'utf8', timeout: 30_000,
    input: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n',
  });
  const modes = await Promise.all(['suid', 'sgid', 'created'].map((name) => stat(path.join(grant, name)).then((s) => s.mode & 0o6000, () => 0)));
  return { setIdModes: modes, stderr: run.stderr };
}

const asRoot = process.getuid?.() === 0;
if (bwrap.usable && !asRoot) console.log('hostile-upstream: skipping the setuid run: warden is not root here, so a setuid file would be its own user\'s');
(bwrap.usable && asRoot ? test : test.skip)('run as root, under bubblewrap the server cannot make a setuid file or setgid directory in its grant', async () => {
  const contained = await setIdAttempt(['--sandbox', 'bwrap']);
  assert.equal(contained.setIdModes, [0, 0, 0], contained.stderr);
  const control = await setIdAttempt(['--sandbox', 'none']);
  assert.equal(control.setIdModes, [0o4000, 0o2000, 0o4000], control.stderr);
});

/**
 * Warden started with a descriptor it inherited without close-on-exec (`exec 20>file; warden
 * run ...`): the server tries to write to it. Spawned directly, the same writer reaches the
 * file: the control.
 */
const LEAK_WRITER = "try { require('fs').writeSync(20, 'leaked\\n') } catch {}";

function inheritedWrite(command: string[], file: string): ReturnType<typeof spawnSync> {
  const fd = openSync(file, 'a');
  try {
    return spawnSync(command[0]!, command.slice(1), {
      env: { ...process.env, MCP_WARDEN_HOME: box.home }, encoding: 'utf8', timeout: 20_000,
      stdio: ['pipe', 'pipe', 'pipe', ...Array<'ignore'>(17).fill('ignore'), fd],
      input: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n',
    });
  } finally {
    closeSync(fd);
  }
}

for (const mode of ['bwrap', 'none']) {
  (mode === 'none' || bwrap.usable ? test : test.skip)(`--sandbox ${mode}: a descriptor warden inherited does not reach the server`, async () => {
    const file = path.join(await mkdtemp(path.join(box.dir, 'fd-')), 'inherited.txt');
    const server = ['/bin/sh', '-c', `"$0" -e "${LEAK_WRITER}"; exec "$0" "$@"`, process.execPath, HOSTILE];
    const run = inheritedWrite([process.execPath, WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, '--sandbox', mode, '--', ...server], file);
    assert.is(await readFile(file, 'utf8'), '', String(run.stderr));
    inheritedWrite([process.execPath, '-e', LEAK_WRITER], file);
    assert.is(await readFile(file, 'utf8'), 'leaked\n', 'the control: a process spawned directly writes it');
  });
}

/**
 * The server creates a user namespace (`unshare -U`), where it would hold every capability: the
 * first step of many kernel exploits. With --sandbox none it can: the control.
 */
async function usernsAttempt(sandboxFlags: string[]): Promise<{ created: boolean; stderr: string }> {
  const grant = await mkdtemp(path.join(box.dir, 'userns-'));
  const attempt = `unshare -U true && echo made > ${grant}/made; exec "$0" "$@"`;
  const run = spawnSync(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, ...sandboxFlags,
    '--sandbox-write', grant, '--', '/bin/sh', '-c', attempt, process.execPath, HOSTILE], {
    env: { ...process.env, MCP_WARDEN_HOME: box.home }, encoding: 'utf8', timeout: 20_000,
    input: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n',
  });
  return { created: await readFile(path.join(grant, 'made'), 'utf8').then(() => true, () => false), stderr: run.stderr };
}

const disablesUserns = bwrap.usable && bwrap.disableUserns === true;
if (bwrap.usable && !disablesUserns) console.log(`hostile-upstream: skipping the user namespace run: ${bwrap.note}`);
(disablesUserns ? test : test.skip)('under bubblewrap the server cannot create a user namespace', async () => {
  const contained = await usernsAttempt(['--sandbox', 'bwrap']);
  assert.is(contained.created, false, contained.stderr);
  const control = await usernsAttempt(['--sandbox', 'none']);
  assert.is(control.created, true, control.stderr);
});

if (podman.usable && !asRoot) console.log('hostile-upstream: skipping the podman setuid run: warden is not root here');
(podman.usable && asRoot ? test : test.skip)('run as root, under podman the server cannot make a setuid file or setgid directory in its grant', async () => {
  const contained = await setIdAttempt(['--sandbox', 'podman'], inBox().env);
  assert.equal(contained.setIdModes, [0, 0, 0], contained.stderr);
  assert.not.match(contained.stderr, 'setuid files are not refused');
});

sandboxed('auto picks bubblewrap when it works', async () => {
  const run = await probeThroughWarden([]);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(Object.values(run.attempts).filter(Boolean), [], run.stderr);
});

sandboxed('a grant inside warden\'s home is refused before any server starts', async () => {
  const run = await probeThroughWarden(['--sandbox', 'bwrap', '--sandbox-read', box.home]);
  assert.ok(run.failure);
  assert.match(run.stderr, 'which warden keeps from servers');
});

/** Containers of any warden: these tests run one warden at a time. */
function wardenContainers(): string[] {
  const listed = spawnSync('podman', ['ps', '--all', '--format', '{{.Names}}', '--filter', 'name=^mcp-warden-'], { encoding: 'utf8', env: { ...process.env, ...podmanEnv } });
  return listed.stdout.split('\n').filter((name) => name !== '');
}

inPodman('under podman every attempt fails, even with the directory holding the journal, key and env file granted; the grant works', async () => {
  const before = wardenContainers();
  await rm(path.join(box.workspace, 'granted.txt'), { force: true });
  // box.dir holds warden's scratch directories too: they must be covered like its secrets.
  const run = await probeThroughWarden(['--sandbox', 'podman', '--sandbox-write', box.dir], inBox());
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(run.attempts, {
    wardenEnvironment: false, hiddenPathNames: false, signingKey: false, journalWrite: false, policyWrite: false, envFile: false, outsideFile: false, network: false, kernelSettings: false, grantedWrite: true,
  }, run.stderr);
  assert.match(run.stderr, 'sandbox: podman (');
  assert.match(run.stderr, "the host's system read-only, network off");
  assert.not.ok((await readdir(box.journal)).includes('segment-forged.jsonl'));
  assert.is(await readFile(path.join(box.workspace, 'granted.txt'), 'utf8'), 'written by the server\n');
  const confinement = (await readEntries(box.journal)).filter((e) => e.kind === 'upstream-confinement').at(-1);
  assert.is(confinement?.sandbox, 'podman', 'the journal records how the server was contained');
  await until(() => wardenContainers().length === before.length, 'the session\'s container to be removed', 10_000);
});

inPodman('under podman without grants the workspace is out of reach too', async () => {
  const run = await probeThroughWarden(['--sandbox', 'podman'], inBox());
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(Object.values(run.attempts).filter(Boolean), [], run.stderr);
});

test('with --sandbox none every attempt succeeds: the probes can tell, and warden says it is unconfined', async () => {
  const run = await probeThroughWarden(['--sandbox', 'none']);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(run.attempts, {
    wardenEnvironment: true, hiddenPathNames: true, signingKey: true, journalWrite: true, policyWrite: true, envFile: true, outsideFile: true, network: true,
    kernelSettings: process.getuid?.() === 0, grantedWrite: true,
  }, run.stderr);
  assert.match(run.stderr, 'runs unconfined');
  await rm(path.join(box.journal, 'segment-forged.jsonl'), { force: true });
  await rm(path.join(box.policies, 'forged.txt'), { force: true });
});

inPodman('warden killed outright: its containers still go', async () => {
  const before = wardenContainers();
  const run = await probeThroughWarden(['--sandbox', 'podman'], {
    ...inBox(),
    beforeClose: (wardenPid) => {
      assert.is(wardenContainers().length, before.length + 1, 'the session runs in a container');
      process.kill(wardenPid, 'SIGKILL');
    },
  });
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  await until(() => wardenContainers().length === before.length, 'the orphaned container to be killed', 10_000);
});

test.run();
