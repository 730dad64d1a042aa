/**
 * A throwaway directory per test: a copy of the shipped policies, a workspace for the example
 * server, a journal and a warden home (so no test touches ~/.mcp-warden or shares a key).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { SHIPPED_POLICIES, WARDEN } from './repo.js';

export interface Sandbox {
  dir: string;
  policies: string;
  workspace: string;
  journal: string;
  home: string;
  /** Environment for warden processes: the sandbox's warden home. */
  env: NodeJS.ProcessEnv;
  /** Replaces `from` with `to` in a policy file; throws when `from` is absent. */
  editPolicy(file: string, from: string, to: string): Promise<void>;
  /** Runs the built CLI to completion. */
  warden(args: string[]): SpawnSyncReturns<string>;
  remove(): Promise<void>;
}

/** Runs `body` in a sandbox of its own, removed afterwards whatever happens. */
export async function withSandbox(body: (box: Sandbox) => Promise<void>): Promise<void> {
  const box = await createSandbox();
  try {
    await body(box);
  } finally {
    await box.remove();
  }
}

/** Asserts that the journal the sandbox's warden wrote verifies against the sandbox's signing key. */
export function assertJournalVerifies(box: Sandbox): void {
  const verified = box.warden(['verify', '--public-key', path.join(box.home, 'signing-key.pem'), box.journal]);
  assert.match(verified.stdout, /^PASS/, verified.stdout + verified.stderr);
}

/**
 * `quarantine: false` (the default here) turns the shipped policy's tool quarantine off, so tests
 * of other behaviour need not approve the example server's tools first (test/e2e/warden-tools
 * tests the quarantine itself).
 */
export async function createSandbox(options: { quarantine?: boolean } = {}): Promise<Sandbox> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcp-warden-test-'));
  const policies = path.join(dir, 'policies');
  const workspace = path.join(dir, 'workspace');
  const home = path.join(dir, 'home');
  await cp(SHIPPED_POLICIES, policies, { recursive: true });
  if (options.quarantine !== true) await replaceIn(path.join(policies, 'data.yaml'), 'quarantine: true', 'quarantine: false');
  await mkdir(workspace);
  await writeFile(path.join(workspace, 'notes.txt'), 'first line\nsecond line\n');
  const env = { ...process.env, MCP_WARDEN_HOME: home };
  return {
    dir, policies, workspace, home, env,
    journal: path.join(dir, 'journal'),
    editPolicy: (file, from, to) => replaceIn(path.join(policies, file), from, to),
    warden: (args) => spawnSync(process.execPath, [WARDEN, ...args], { env, encoding: 'utf8', timeout: 20_000 }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The shipped data document with the tool quarantine off, for tests that run the shipped policy
 * straight from policies/ (`--data FILE`) and call tools without listing or approving them.
 */
export function unquarantinedData(): string {
  if (unquarantined) return unquarantined;
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-warden-data-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const text = readFileSync(path.join(SHIPPED_POLICIES, 'data.yaml'), 'utf8');
  if (!text.includes('quarantine: true')) throw new Error('policies/data.yaml no longer sets quarantine: true');
  unquarantined = path.join(dir, 'data.yaml');
  writeFileSync(unquarantined, text.replace('quarantine: true', 'quarantine: false'));
  return unquarantined;
}

let unquarantined: string | undefined;

async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** The line of the shipped policy that permits write_file and run_command by name. */
export const PERMITTED_BY_NAME = 'tool_permitted if input.params.name in {"write_file", "run_command"}';
export const PERMIT_WRITE_ONLY = 'tool_permitted if input.params.name in {"write_file"}';
