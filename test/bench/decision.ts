/**
 * Decision speed: PolicyStore.decide (input encoding, evaluation, result decoding) on the shipped
 * policy for the messages a session sends most, and on synthetic policies of N default-shaped
 * rules keyed on input.params.name. Ratios are against baselines measured in the same run (an
 * empty policy, and the N=10 policy), since the machine is shared and absolute times are noisy.
 */
import { buildInput, timeInfo, type DecisionInput, type InputContext } from '../../engine/decision/index.js';
import { buildPolicy, PolicyStore, readPolicyDir } from '../../engine/policy/index.js';
import type { JsonRpcMessage, JsonValue } from '../../engine/protocol/jsonrpc.js';
import { localPrincipal, Session } from '../../engine/session/index.js';
import { SHIPPED_POLICIES } from '../e2e/support/repo.js';
import { percentile, sampleSync } from './stats.js';
import { ratioOf, recordResult, us } from './results.js';

const RUNS = 20_000;
const WARMUP = 2_000;
const SIZES = [10, 100, 1000, 5000];

export interface DecisionRow {
  what: string;
  p50: number;
  p99: number;
  note: string;
}

/** A listing of a few ordinary tools, as the example workspace server announces them. */
const TOOLS: JsonValue[] = ['read_file', 'list_directory', 'write_file', 'run_command', 'fetch_url'].map((name) => ({
  name,
  description: `${name} tool`,
  inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
  ...(name.startsWith('read') || name.startsWith('list') ? { annotations: { readOnlyHint: true } } : {}),
}));

export async function benchDecisions(): Promise<DecisionRow[]> {
  const session = newSession();
  const shipped = new PolicyStore(await buildPolicy(await readPolicyDir(SHIPPED_POLICIES)));
  const empty = new PolicyStore(await buildPolicy({ modules: { 'empty.rego': 'package mcp\n' }, data: {} }));
  const call = toolsCall(session, 'write_file', { path: 'reports/q3.md', content: 'Quarterly report draft.\n'.repeat(12) });
  // The baseline is measured first: before it, the decision path's JavaScript is tiered up by a
  // run of its own, which otherwise lands in the baseline and makes every ratio to it too low.
  sampleSync(RUNS, WARMUP, () => empty.decide(call));
  const baseline = measure('empty policy, tools/call', empty, call);
  const rows = [
    baseline,
    measure('shipped policy, tools/call write_file', shipped, call),
    measure('shipped policy, tools/call response', shipped, toolsCallResponse(session, 'Meeting at 10:00.\n'.repeat(20))),
    measure('shipped policy, tools/call response of 16 KB', shipped, toolsCallResponse(session, releaseNotes(16_384)), RUNS / 10),
    measure('shipped policy, tools/list response', shipped, toolsListResponse(session)),
    measure('shipped policy, ping', shipped, ping(session)),
  ];
  for (const row of rows.slice(1)) row.note += `; ${ratio(row, baseline)} vs empty policy`;
  for (const row of rows) record(row, baseline);
  let small: DecisionRow | undefined;
  for (const n of SIZES) {
    const store = new PolicyStore(await buildPolicy({ modules: { 'rules.rego': syntheticPolicy(n) }, data: {} }));
    const row = measure(`${n} rules keyed on params.name, tools/call`, store, toolsCall(session, `tool_${Math.floor(n / 2)}`, {}));
    small ??= row;
    row.note += `; ${ratio(row, baseline)} vs empty policy, ${ratio(row, small)} vs ${SIZES[0]} rules`;
    record(row, baseline, small);
    rows.push(row);
    if (n === SIZES[0]) rows.push(largeArguments(store, session, row, baseline));
  }
  return rows;
}

/**
 * A policy that reads only the tool's name, on a call with 64 KB of arguments: the input leaves
 * the arguments out (compiler/plan/input-reads.ts), so this should cost what a small call does.
 */
function largeArguments(store: PolicyStore, session: Session, small: DecisionRow, empty: DecisionRow): DecisionRow {
  const row = measure(`${SIZES[0]} rules keyed on params.name, tools/call with 64 KB of arguments`, store,
    toolsCall(session, `tool_${Math.floor(SIZES[0] / 2)}`, { path: 'notes.md', content: releaseNotes(65_536) }), RUNS / 10);
  row.note += `; ${ratio(row, small)} vs the same call without them`;
  record(row, empty, small);
  return row;
}

function measure(what: string, store: PolicyStore, input: DecisionInput, runs = RUNS): DecisionRow {
  const verdict = store.decide(input).verdict;
  const times = sampleSync(runs, WARMUP, () => store.decide(input));
  return { what: `decision: ${what}`, p50: percentile(times, 50), p99: percentile(times, 99), note: `verdict ${verdict.allowed ? 'allow' : 'deny'}` };
}

function record(row: DecisionRow, empty: DecisionRow, small?: DecisionRow): void {
  recordResult('decision', {
    what: row.what, p50_us: us(row.p50), p99_us: us(row.p99),
    p50_vs_empty_policy: row === empty ? null : ratioOf(row.p50, empty.p50),
    [`p50_vs_${SIZES[0]}_rules`]: small ? ratioOf(row.p50, small.p50) : null,
  });
}

function ratio(row: DecisionRow, base: DecisionRow): string {
  return `${(row.p50 / base.p50).toFixed(2)}x p50`;
}

/** Half allow rules, half deny rules, each keyed on one tool name, as a per-tool policy reads. */
export function syntheticPolicy(n: number): string {
  const rules = ['package mcp', '', 'import rego.v1', ''];
  for (let i = 0; i < n; i++) {
    rules.push(i % 2 === 0
      ? `allow if {\n\tinput.params.name == "tool_${i}"\n\tinput.method == "tools/call"\n}`
      : `deny contains "tool_${i} is blocked" if input.params.name == "tool_${i}"`);
  }
  return `${rules.join('\n')}\n`;
}

function newSession(): Session {
  const session = new Session({ transport: 'stdio', upstream: 'workspace', principal: localPrincipal() });
  session.tools.observe(TOOLS, timeInfo().rfc3339);
  session.recordInitializeRequest({ protocolVersion: '2025-06-18', clientInfo: { name: 'bench', version: '1.0.0' } });
  return session;
}

function context(session: Session, direction: InputContext['direction']): InputContext {
  return { direction, session: session.info(), principal: session.principal, upstream: session.upstream, time: timeInfo() };
}

function toolsCall(session: Session, name: string, args: Record<string, JsonValue>): DecisionInput {
  const message: JsonRpcMessage = { jsonrpc: '2.0', id: 42, method: 'tools/call', params: { name, arguments: args } };
  return buildInput(message, { ...context(session, 'client_to_server'), tool: session.tools.info(name, session.upstream) });
}

/** The answer to a read_file call, as the example workspace server sends it: its text is checked for secrets and personal data. */
function toolsCallResponse(session: Session, text: string): DecisionInput {
  const message: JsonRpcMessage = { jsonrpc: '2.0', id: 42, result: { content: [{ type: 'text', text }] } };
  const params = { name: 'read_file', arguments: { path: 'notes.txt' } };
  return buildInput(message, {
    ...context(session, 'server_to_client'), answers: { id: 42, method: 'tools/call', params }, tool: session.tools.info('read_file', session.upstream),
  });
}

/**
 * A file of prose about `bytes` long, with what makes scanning it work: an @ (so an e-mail
 * pattern cannot rule the text out by that byte alone), digits, and words starting with the
 * letters secret patterns start with.
 */
export function releaseNotes(bytes: number): string {
  const paragraph = 'Release notes for version 4.2.0: the importer now reads CSV files of up to 2 GB, retries failed '
    + 'uploads three times and logs each attempt. Install it with npm install @acme/importer, or pin 4.1.9 until '
    + '15 March 2027. Ask in the #data-platform channel; see the skill guide and the access guide.\n';
  return paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes);
}

function toolsListResponse(session: Session): DecisionInput {
  const message: JsonRpcMessage = { jsonrpc: '2.0', id: 7, result: { tools: TOOLS } };
  const tools = Object.fromEntries(TOOLS.map((t) => {
    const name = (t as { name: string }).name;
    return [name, session.tools.info(name, session.upstream)];
  }));
  return buildInput(message, { ...context(session, 'server_to_client'), answers: { id: 7, method: 'tools/list', params: null }, tools });
}

function ping(session: Session): DecisionInput {
  return buildInput({ jsonrpc: '2.0', id: 9, method: 'ping' }, context(session, 'client_to_server'));
}
