/**
 * Policy size: what a large policy costs to compile, load and first evaluate, next to its
 * steady evaluation. The rules have the default policy's shape (keyed on the tool name, then an
 * argument), and a quarter of them are deny rules. "first eval" is the very first evaluation of
 * a freshly instantiated module (what V8's lazy compilation makes slow); "after reload" is the
 * first decision of a policy built as a reload builds it (compiled and warmed on a worker, then
 * instantiated here) while the previous policy kept deciding, "reload stall" the longest the
 * event loop was late meanwhile and "decided meanwhile" how many decisions the previous
 * policy made during the reload. A single decision right after a reload runs with cold caches
 * whatever the policy, so "in force then" times one decision of the previous, fully warm policy at
 * that moment: "reload/in force" compares the new policy's first decision with it. Each is the
 * median of RELOADS reloads, one sample each being mostly noise on a shared machine.
 *
 * On a machine short of cores the event loop is also late while its thread waits for a core,
 * which no code of the warden causes: "idle stall" is the longest delay of the same ticker over
 * IDLE_MS without a reload, measured before each reload; a reload stall near it is that noise.
 *
 * "fresh process" is compile, load and first evaluation in a process of its own (policy-cold.ts),
 * the median of COLD_RUNS: what warden's first load pays, where the in-process column follows
 * earlier compiles that have already JIT-compiled the compiler. The issue's targets are read there.
 *
 * Compile throughput is in Rego lines of the generated policy per second: "first" is the first
 * compile of that size in this process (the compiler partly JIT-cold, as the compile worker is
 * for its first build), "warm" the median of WARM_COMPILES more. "types" is the type checker's
 * share of the first compile's stage time. "CPU" columns count this thread's own CPU time
 * (thread-cpu.ts): on a busy machine the wall-clock time is mostly waiting for a core.
 *
 * Run alone: `node dist/test/bench/bench.js policy-size` (BENCH_POLICY_SIZES=1000,3000 to choose).
 */
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildInput, timeInfo, type DecisionInput } from '../../engine/decision/index.js';
import { compilePolicy } from '../../engine/policy/build.js';
import { buildPolicyOffThread } from '../../engine/policy/build-off-thread.js';
import { loadPolicyWasm } from '../../engine/policy/load-wasm.js';
import { DEFAULT_BUDGET_MS, evaluateDecision } from '../../engine/policy/evaluate.js';
import type { WardenPolicy } from '../../engine/policy/policy.js';
import type { PolicyContent } from '../../engine/policy/sources.js';
import { percentile, sample, sampleSync } from './stats.js';
import { threadCpuMs } from './thread-cpu.js';
import { ratioOf, recordResult, tenths, us } from './results.js';

const DEFAULT_SIZES = [10, 1000, 5000];
const EVALUATIONS = 2000;
const WARM_COMPILES = 3;
/** Reloads per size: the reload figures are medians (the stalls maxima) over them. */
const RELOADS = 3;
const IDLE_MS = 300;
/** Fresh processes per size: the cold figure is their median. */
const COLD_RUNS = 3;
const COLD_SCRIPT = fileURLToPath(new URL('./policy-cold.js', import.meta.url));
/** The compiler stage that is the type checker (engine/compiler/types). */
const TYPE_STAGE = 'check types';

export interface PolicySizeRow {
  rules: number;
  lines: number;
  compileMs: number;
  compileCpuMs: number;
  /** Compile, load and first evaluation, this thread's CPU. */
  firstCpuMs: number;
  /** Compile, load and first evaluation in a process of its own (median of COLD_RUNS). */
  coldMs: number;
  /** That process's import of the engine modules, before it. */
  coldImportMs: number;
  warmCompileMs: number;
  /** Mean of this thread's CPU over the warm compiles. */
  warmCompileCpuMs: number;
  typeShare: number;
  loadMs: number;
  firstEvalMs: number;
  steadyMs: number;
  reloadFirstMs: number;
  reloadStallMs: number;
  /** The same ticker's longest delay without a reload. */
  idleStallMs: number;
  inForceMs: number;
  decisionsDuringReload: number;
  rssMiB: number;
}

export function policySizes(): number[] {
  const chosen = process.env.BENCH_POLICY_SIZES?.split(',').map(Number).filter((n) => n > 0);
  return chosen && chosen.length > 0 ? chosen : DEFAULT_SIZES;
}

/** `rules` default-shaped rules in package mcp: three allow rules to every deny rule. */
export function largePolicy(rules: number): Record<string, string> {
  const lines = ['package mcp', '', 'import rego.v1', ''];
  for (let i = 0; i < rules; i++) {
    if (i % 4 === 3) lines.push(`deny contains "tool_${i} refused" if {`, `\tinput.params.name == "tool_${i}"`, `\tinput.params.arguments.x == ${i}`, '}', '');
    else lines.push('allow if {', `\tinput.params.name == "tool_${i}"`, `\tinput.params.arguments.x == ${i}`, '}', '');
  }
  return { 'large.rego': lines.join('\n') };
}

export function toolCall(name: string, args: Record<string, number>): DecisionInput {
  return buildInput({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }, {
    direction: 'client_to_server',
    session: { id: 'bench', transport: 'stdio', protocol_version: null, client: null, server: null },
    principal: { id: 'bench', authenticated_by: 'none', claims: {}, roles: [] },
    upstream: 'bench',
    time: timeInfo(),
  });
}

/** Compile, load and first evaluation of a policy of `rules` rules in fresh processes. */
async function coldStarts(rules: number): Promise<Pick<PolicySizeRow, 'coldMs' | 'coldImportMs'>> {
  const runs: Array<{ importMs: number; compileLoadFirstMs: number }> = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [COLD_SCRIPT, String(rules)]);
    runs.push(JSON.parse(stdout) as { importMs: number; compileLoadFirstMs: number });
  }
  return { coldMs: percentile(runs.map((r) => r.compileLoadFirstMs), 50), coldImportMs: percentile(runs.map((r) => r.importMs), 50) };
}

export async function measurePolicySize(rules: number): Promise<PolicySizeRow> {
  const sources: PolicyContent = { modules: largePolicy(rules), data: {} };
  const middle = Math.floor(rules / 2);
  const input = toolCall(`tool_${middle}`, { x: middle });
  const stages = new Map<string, number>();
  const cpuStart = threadCpuMs();
  const compileStart = performance.now();
  const compiled = await compilePolicy(sources, (stage, ms) => stages.set(stage, ms));
  const compileMs = performance.now() - compileStart;
  const compileCpu = threadCpuMs();
  const loadStart = performance.now();
  const loaded = await loadPolicyWasm(compiled.wasm);
  loaded.setData(sources.data);
  const loadMs = performance.now() - loadStart;
  const options = { entrypoint: compiled.entrypoint, budgetMs: DEFAULT_BUDGET_MS };
  const firstStart = performance.now();
  const verdict = evaluateDecision(loaded, input, options);
  const firstEvalMs = performance.now() - firstStart;
  const firstCpu = threadCpuMs();
  if (!verdict.allowed) throw new Error(`policy of ${rules} rules denied tool_${middle}: ${verdict.reasons.join('; ')}`);
  const steadyMs = percentile(sampleSync(EVALUATIONS, 200, () => evaluateDecision(loaded, input, options)), 50);
  const reload = await reloadsOffThread(sources, input, (i) => evaluateDecision(loaded, i, options));
  const warmCpuStart = threadCpuMs();
  const warm = await sample(WARM_COMPILES, 0, () => compilePolicy(sources));
  const warmCpuEnd = threadCpuMs();
  const staged = [...stages.values()].reduce((a, b) => a + b, 0);
  return {
    rules, lines: lineCount(sources.modules), compileMs, compileCpuMs: cpuSpan(cpuStart, compileCpu), firstCpuMs: cpuSpan(cpuStart, firstCpu), warmCompileMs: percentile(warm, 50), warmCompileCpuMs: cpuSpan(warmCpuStart, warmCpuEnd) / WARM_COMPILES, typeShare: (stages.get(TYPE_STAGE) ?? 0) / staged,
    loadMs, firstEvalMs, steadyMs, ...reload, rssMiB: process.memoryUsage().rss / 2 ** 20, ...await coldStarts(rules),
  };
}

/** Thread CPU ms between two readings; NaN where the kernel gave none. */
function cpuSpan(start: number | undefined, end: number | undefined): number {
  return start === undefined || end === undefined ? NaN : end - start;
}

function lineCount(modules: Record<string, string>): number {
  return Object.values(modules).reduce((n, source) => n + source.split('\n').length, 0);
}

type ReloadFigures = Pick<PolicySizeRow, 'reloadFirstMs' | 'inForceMs' | 'reloadStallMs' | 'idleStallMs' | 'decisionsDuringReload'>;

async function reloadsOffThread(sources: PolicyContent, input: DecisionInput, inForce: (input: DecisionInput) => unknown): Promise<ReloadFigures> {
  const runs: ReloadFigures[] = [];
  for (let i = 0; i < RELOADS; i++) runs.push(await reloadOffThread(sources, input, inForce));
  const median = (pick: (r: ReloadFigures) => number): number => percentile(runs.map(pick), 50);
  const most = (pick: (r: ReloadFigures) => number): number => Math.max(...runs.map(pick));
  return {
    reloadFirstMs: median((r) => r.reloadFirstMs), inForceMs: median((r) => r.inForceMs), decisionsDuringReload: median((r) => r.decisionsDuringReload),
    reloadStallMs: most((r) => r.reloadStallMs), idleStallMs: most((r) => r.idleStallMs),
  };
}

/**
 * A reload as the proxy sees it: the policy in force keeps deciding a message every
 * millisecond while the new one is compiled and warmed on a worker; then the first decision of
 * the new policy. The event loop's worst delay meanwhile is the stall a reload causes; the same
 * ticker over IDLE_MS without a reload, just before, gives the machine's own delays.
 */
async function reloadOffThread(sources: PolicyContent, input: DecisionInput, inForce: (input: DecisionInput) => unknown): Promise<ReloadFigures> {
  let decisions = 0;
  const idle = await ticking(() => new Promise((resolve) => setTimeout(resolve, IDLE_MS)), () => inForce(input));
  const reload = await ticking(() => buildPolicyOffThread(sources), () => { inForce(input); decisions++; });
  const policy: WardenPolicy = reload.value;
  // The policy in force, once, right after the same disturbance: the floor for a first decision.
  const before = performance.now();
  inForce(input);
  const start = performance.now();
  policy.evaluate(input);
  const end = performance.now();
  return { reloadFirstMs: end - start, inForceMs: start - before, reloadStallMs: reload.stallMs, idleStallMs: idle.stallMs, decisionsDuringReload: decisions };
}

/** Runs `work` while `tick` runs every millisecond; the stall is the event loop's longest delay meanwhile. */
async function ticking<T>(work: () => Promise<T>, tick: () => void): Promise<{ value: T; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const ticker = setInterval(tick, 1);
  delay.enable();
  try {
    const value = await work();
    return { value, stallMs: delay.max / 1e6 };
  } finally {
    delay.disable();
    clearInterval(ticker);
  }
}

export async function benchPolicySize(sizes = policySizes()): Promise<PolicySizeRow[]> {
  const rows: PolicySizeRow[] = [];
  for (const rules of sizes) rows.push(await measurePolicySize(rules));
  printPolicySize(rows);
  for (const row of rows) recordPolicySize(row);
  return rows;
}

function recordPolicySize(r: PolicySizeRow): void {
  const perSecond = (ms: number): number | null => (Number.isNaN(ms) ? null : Math.round(r.lines / (ms / 1000)));
  recordResult('policy-size', {
    rules: r.rules, lines: r.lines, compile_first_us: us(r.compileMs), compile_first_lines_per_s: perSecond(r.compileMs), compile_first_cpu_us: us(r.compileCpuMs), compile_first_lines_per_cpu_s: perSecond(r.compileCpuMs),
    compile_warm_us: us(r.warmCompileMs), compile_warm_lines_per_s: perSecond(r.warmCompileMs), compile_warm_cpu_us: us(r.warmCompileCpuMs),
    compile_warm_lines_per_cpu_s: perSecond(r.warmCompileCpuMs), types_share: ratioOf(r.typeShare, 1),
    compile_load_first_us: us(r.compileMs + r.loadMs + r.firstEvalMs), compile_load_first_cpu_us: us(r.firstCpuMs),
    compile_load_first_fresh_process_us: us(r.coldMs), fresh_process_import_us: us(r.coldImportMs), load_us: us(r.loadMs), first_eval_us: us(r.firstEvalMs),
    steady_p50_us: us(r.steadyMs), first_vs_steady: ratioOf(r.firstEvalMs, r.steadyMs), after_reload_us: us(r.reloadFirstMs), reload_vs_steady: ratioOf(r.reloadFirstMs, r.steadyMs),
    in_force_us: us(r.inForceMs), reload_vs_in_force: ratioOf(r.reloadFirstMs, r.inForceMs), reload_stall_us: us(r.reloadStallMs), idle_stall_us: us(r.idleStallMs),
    decided_during_reload: r.decisionsDuringReload, rss_mib: tenths(r.rssMiB),
  });
}

export function printPolicySize(rows: PolicySizeRow[]): void {
  const ms = (v: number): string => (v < 1 ? `${(v * 1000).toFixed(1)} us` : `${v.toFixed(1)} ms`);
  const rate = (lines: number, v: number): string => (Number.isNaN(v) ? '-' : `${Math.round(lines / (v / 1000)).toLocaleString('en-US')}`);
  const cpu = (v: number): string => (Number.isNaN(v) ? '-' : ms(v));
  const compile = table(['rules', 'lines', 'compile (first)', 'lines/s', 'its CPU', 'lines/s by CPU', `compile (warm, median of ${WARM_COMPILES})`, 'lines/s (warm)', 'warm CPU (mean)', 'lines/s (warm) by CPU', 'types share'], rows.map((r) => [
    String(r.rules), String(r.lines), ms(r.compileMs), rate(r.lines, r.compileMs), cpu(r.compileCpuMs), rate(r.lines, r.compileCpuMs), ms(r.warmCompileMs), rate(r.lines, r.warmCompileMs), cpu(r.warmCompileCpuMs), rate(r.lines, r.warmCompileCpuMs), `${(r.typeShare * 100).toFixed(0)}%`,
  ]));
  const load = table(['rules', 'fresh process', 'its imports', 'compile+load+first', 'its CPU', 'load', 'first eval', 'steady p50', 'first/steady', 'after reload', 'reload/steady', 'in force then', 'reload/in force', 'reload stall', 'idle stall', 'decided meanwhile', 'RSS'], rows.map((r) => [
    String(r.rules), ms(r.coldMs), ms(r.coldImportMs), ms(r.compileMs + r.loadMs + r.firstEvalMs), cpu(r.firstCpuMs), ms(r.loadMs), ms(r.firstEvalMs), ms(r.steadyMs), `${(r.firstEvalMs / r.steadyMs).toFixed(1)}x`,
    ms(r.reloadFirstMs), `${(r.reloadFirstMs / r.steadyMs).toFixed(1)}x`, ms(r.inForceMs), `${(r.reloadFirstMs / r.inForceMs).toFixed(1)}x`, ms(r.reloadStallMs), ms(r.idleStallMs), String(r.decisionsDuringReload), `${r.rssMiB.toFixed(0)} MiB`,
  ]));
  const out = ['', 'policy size: compile throughput (Rego lines/s; types = the type checker\'s share of compile time)', ...compile,
    '', `policy size: compile, load, first evaluation (fresh process: median of ${COLD_RUNS}, after its imports; then in this process); reload compiled and warmed on a worker (medians of ${RELOADS} reloads)`, ...load,
    'targets: fresh process < 300 ms at 1,000 rules and < 1.5 s at 5,000; reload/steady <= 2x'];
  process.stdout.write(`${out.join('\n')}\n`);
}

function table(head: string[], body: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}
