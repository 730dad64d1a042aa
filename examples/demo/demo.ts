/**
 * The mcp-warden demo (`make demo`): a real MCP client talks to the example workspace server
 * through `warden run`, and every effect of the policy is shown as it happens. Exits non-zero
 * on anything unexpected, so it doubles as a smoke test. See README.md.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { approveTools } from '../../engine/approvals/tool-approvals.js';
import type { ApprovalRecord } from '../../engine/approvals/record.js';
import { readEntries, summarize } from './journal-summary.js';
import { StderrLog } from './stderr-log.js';

const POLICY_DENIED = -32003;
const PERMITTED_BY_NAME = 'tool_permitted if input.params.name in {"write_file", "run_command"}';
const TIME_LIMIT_MS = 30_000;

interface Paths {
  root: string;
  work: string;
  policies: string;
  workspace: string;
  journal: string;
  home: string;
}

async function main(): Promise<void> {
  const paths = await prepare();
  try {
    await runDemo(paths);
  } finally {
    await rm(paths.work, { recursive: true, force: true });
  }
}

async function prepare(): Promise<Paths> {
  const root = repoRoot();
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-demo-'));
  const paths = { root, work, policies: path.join(work, 'policies'), workspace: path.join(work, 'workspace'), journal: path.join(work, 'journal'), home: path.join(work, 'home') };
  await cp(path.join(root, 'policies'), paths.policies, { recursive: true });
  await mkdir(paths.workspace);
  await writeFile(path.join(paths.workspace, 'notes.txt'), 'Meeting at 10:00. Bring the quarterly numbers.\n');
  return paths;
}

async function runDemo(paths: Paths): Promise<void> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(paths.root, 'dist/cli/warden.js'), 'run', '--policies', paths.policies, '--journal', paths.journal, '--',
      process.execPath, path.join(paths.root, 'dist/examples/servers/workspace/server.js'), paths.workspace],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: paths.home },
    stderr: 'pipe',
  });
  // With stderr: 'pipe' the SDK hands out a PassThrough at once, before the process starts.
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'mcp-warden-demo', version: '0.1.0' });
  try {
    heading('Starting warden run in front of the workspace server');
    await client.connect(transport);
    say(stripPrefix(await stderr.next(/policy loaded/)));
    await showSession(client, paths, stderr);
  } catch (error) {
    process.stderr.write(`--- warden stderr ---\n${stderr.text}`);
    throw error;
  } finally {
    await client.close();
  }
  await showJournal(paths);
}

async function showSession(client: Client, paths: Paths, stderr: StderrLog): Promise<void> {
  heading('1. New tools are quarantined: hidden and refused until a person approves them');
  const quarantined = await toolNames(client);
  say(`tools/list -> ${quarantined.join(', ') || '(nothing)'}`);
  expect(quarantined.length === 0, 'every tool of a server never approved should be hidden');
  say(`read_file now: ${await denial(client, 'read_file', { path: 'notes.txt' })}`);

  heading('2. warden tools approve --by demo (a running warden picks it up, no restart)');
  const approved = await approveAll(path.join(paths.home, 'state'));
  for (const r of approved) say(`approved ${r.upstream} ${r.tool} (definition ${r.hash?.slice(0, 12) ?? ''})`);
  const tools = await toolNames(client);
  say(`tools/list -> ${tools.join(', ')}`);
  expect(tools.length === approved.length, 'every approved tool should be listed');

  heading('3. An allowed call: read_file notes.txt');
  say(`result: ${JSON.stringify(await callText(client, 'read_file', { path: 'notes.txt' }))}`);

  heading('4. A denied call: write_file notes.txt');
  say(`denied: ${await denial(client, 'write_file', { path: 'notes.txt', content: 'overwritten' })}`);
  const notes = await readFile(path.join(paths.workspace, 'notes.txt'), 'utf8');
  expect(notes.startsWith('Meeting'), 'notes.txt must be unchanged: the denied call never reached the server');
  say('notes.txt is unchanged: the request never reached the server');

  heading('5. run_command echo is allowed by the shipped policy');
  say(`result: ${JSON.stringify(await callText(client, 'run_command', { command: 'echo', args: ['hello from the workspace'] }))}`);

  heading('6. Live policy edit: stop permitting run_command');
  const policyFile = path.join(paths.policies, 'mcp.rego');
  const original = await readFile(policyFile, 'utf8');
  expect(original.includes(PERMITTED_BY_NAME), `the shipped policy no longer contains: ${PERMITTED_BY_NAME}`);
  await writeFile(policyFile, original.replace(PERMITTED_BY_NAME, 'tool_permitted if input.params.name in {"write_file"}'));
  say(`edited mcp.rego; warden says: ${stripPrefix(await stderr.next(/policy reloaded/))}`);
  const filtered = await toolNames(client);
  say(`tools/list -> ${filtered.join(', ')}   (run_command is filtered out)`);
  expect(!filtered.includes('run_command') && filtered.length === tools.length - 1, 'run_command should be hidden after the edit');
  say(`run_command echo now: ${await denial(client, 'run_command', { command: 'echo', args: ['hello'] })}`);

  heading('7. A broken edit keeps the last good policy');
  await writeFile(policyFile, `${await readFile(policyFile, 'utf8')}\nallow if {\n`);
  say(`warden prints: ${await stderr.next(/mcp\.rego:\d+:\d+: rego_/)}`);
  say(`warden says:   ${stripPrefix(await stderr.next(/policy reload failed/))}`);
  say(`read_file still works: ${JSON.stringify(await callText(client, 'read_file', { path: 'notes.txt' }))}`);
  say(`run_command still denied: ${await denial(client, 'run_command', { command: 'echo', args: ['hello'] })}`);
}

async function showJournal(paths: Paths): Promise<void> {
  heading('8. warden verify on the journal');
  const verify = spawnSync(process.execPath, [path.join(paths.root, 'dist/cli/warden.js'), 'verify', paths.journal], {
    env: { ...process.env, MCP_WARDEN_HOME: paths.home },
    encoding: 'utf8',
  });
  say(`${verify.stdout.trim()}   (exit ${verify.status})`);
  expect(verify.status === 0, `warden verify failed: ${verify.stderr}`);

  heading('Summary');
  for (const line of summarize(await readEntries(paths.journal))) say(line);
}

/** warden writes the tools it saw within 100 ms of a listing; until then there is nothing to approve. */
async function approveAll(stateDir: string): Promise<ApprovalRecord[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const approved = await approveTools(stateDir, { tools: [] }, { by: 'demo' }).then((outcome) => outcome.records, () => []);
    if (approved.length > 0) return approved;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('warden recorded no tools to approve');
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

async function callText(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError !== true, `${name} failed: ${JSON.stringify(result.content)}`);
  const content = result.content as Array<{ type: string; text?: string }>;
  return content.map((item) => item.text ?? '').join('').trim();
}

/** The reason a call was denied; anything other than a policy denial is a demo failure. */
async function denial(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  try {
    await client.callTool({ name, arguments: args });
  } catch (error) {
    if (error instanceof McpError && error.code === POLICY_DENIED) return error.message.replace(/^MCP error -?\d+: /, '');
    throw error;
  }
  throw new Error(`${name} was expected to be denied`);
}

function repoRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcp-warden') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the mcp-warden repository root');
  }
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function heading(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

function say(line: string): void {
  process.stdout.write(`   ${line}\n`);
}

function stripPrefix(line: string): string {
  return line.replace(/^warden: /, '');
}

const guard = setTimeout(() => {
  process.stderr.write(`demo: did not finish within ${TIME_LIMIT_MS / 1000} s\n`);
  process.exit(1);
}, TIME_LIMIT_MS);
guard.unref();

main().then(
  () => process.stdout.write('\nDemo finished: every step behaved as expected.\n'),
  (error: unknown) => {
    process.stderr.write(`\ndemo FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
