import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { NotLiteral, parseArgs, sortValues } from './rego-literal.js';

/**
 * Turns OPA conformance cases whose module is a single literal builtin call
 * into direct host-builtin checks. Only the test reads ../shared; without it
 * there is simply nothing to run.
 */
const ROOT = `${repoRoot()}/../shared/rego-conformance/`;

/** The checkout root (nearest folder with package.json), whether run from test/ or dist/test/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(`${dir}/package.json`) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const CAPABILITIES_FILE = `${ROOT}capabilities.json`;

export interface CallCase {
  note: string;
  call: string;
  args: unknown[];
  /** What the wasm result would be: undefined when the case expects no result. */
  want: unknown;
  /** The rule only tests the call's truth ("p if { f(x) }"). */
  truthTest: boolean;
  /** The declared result is a set, so the order of the array is not significant. */
  unordered: boolean;
  /** For "p if { f(a) == lit }": the literal, and whether the case expects equality. */
  comparison?: { literal: unknown; equal: boolean };
}

interface RawCase {
  note: string;
  modules?: string[];
  want_result?: Array<{ x: unknown }>;
  want_error_code?: string;
  input?: unknown;
}

const HEAD = /^p (contains x|:= x|= x)?\s*if \{$/;
const ONE_LINER = /^p :?= ([a-z_][a-z0-9_.]*)\((.*)\)$/;
const COMPARISON = /^([a-z_][a-z0-9_.]*)\((.*)\) == ([^()]+)$/;
const CALL = /^(?:(x|__local0__) :?= )?([a-z_][a-z0-9_.]*)\((.*)\)$/;

export function conformanceAvailable(): boolean {
  return existsSync(ROOT);
}

export function loadCallCases(dirs: string[]): CallCase[] {
  const out: CallCase[] = [];
  for (const dir of dirs) {
    const folder = `${ROOT}v1/${dir}`;
    for (const file of readdirSync(folder).sort()) {
      const doc = parse(readFileSync(`${folder}/${file}`, 'utf8')) as { cases: RawCase[] };
      for (const c of doc.cases) {
        const simple = toCallCase(c);
        if (simple !== undefined) out.push(simple);
      }
    }
  }
  return out;
}

function toCallCase(c: RawCase): CallCase | undefined {
  if (c.modules?.length !== 1 || c.input !== undefined) return undefined;
  if (c.want_error_code?.startsWith('rego_')) return undefined;
  const lines = c.modules[0].split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('package'));
  const oneLiner = lines.length === 1 ? ONE_LINER.exec(lines[0]) : null;
  if (oneLiner !== null && hostBuiltins[oneLiner[1]] !== undefined) return buildCase(c, ':= x', true, oneLiner[1], oneLiner[2]);
  const head = HEAD.exec(lines[0] ?? '');
  if (head === null || lines[lines.length - 1] !== '}') return undefined;
  const body = lines.slice(1, -1);
  if (body.length === 2 && body[1] === 'x = __local0__') body.pop();
  const compared = body.length === 1 && head[1] === undefined ? COMPARISON.exec(body[0]) : null;
  if (compared !== null && hostBuiltins[compared[1]] !== undefined) return comparisonCase(c, compared);
  const call = body.length === 1 ? CALL.exec(body[0]) : null;
  if (call === null || hostBuiltins[call[2]] === undefined) return undefined;
  const output = OUTPUT_ARG.exec(call[3]);
  const argText = output === null ? call[3] : call[3].slice(0, output.index);
  const hasOutput = call[1] !== undefined || output !== null;
  return buildCase(c, head[1], hasOutput, call[2], argText);
}

const OUTPUT_ARG = /,\s*(x|__local0__)$/;

function buildCase(c: RawCase, headKind: string | undefined, hasOutput: boolean, name: string, argText: string): CallCase | undefined {
  if (!jsonExact(argText)) return undefined;
  let args: unknown[];
  try {
    args = parseArgs(argText);
  } catch (e) {
    if (e instanceof NotLiteral) return undefined;
    throw e;
  }
  if (args.length !== arity(name)) return undefined;
  const truthTest = !hasOutput;
  const rows = c.want_result ?? [];
  let want: unknown = rows[0]?.x;
  if (headKind === 'contains x') want = (want as unknown[] | undefined)?.[0];
  const unordered = setResult(name);
  return { note: c.note, call: name, args, want: unordered && Array.isArray(want) ? sortValues(want) : want, truthTest, unordered };
}

function comparisonCase(c: RawCase, m: RegExpExecArray): CallCase | undefined {
  if (!jsonExact(m[2])) return undefined;
  try {
    const args = parseArgs(m[2]);
    const [literal] = parseArgs(m[3]);
    const equal = (c.want_result ?? []).length > 0;
    return { note: c.note, call: m[1], args, want: undefined, truthTest: false, unordered: false, comparison: { literal, equal } };
  } catch (e) {
    if (e instanceof NotLiteral) return undefined;
    throw e;
  }
}

const NUMBER_OR_STRING = /"(?:[^"\\]|\\.)*"|`[^`]*`|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const SAFE = 2n ** 53n;

/**
 * Whether every number in the operands crosses the SDK's JSON boundary unchanged (it
 * JSON.parses them): an integer past 2^53 or a number past float64 arrives rounded, so such a
 * case is out of this harness's reach. The full conformance run takes it, where the runtime's
 * native builtins get the exact value.
 */
function jsonExact(argText: string): boolean {
  for (const [token] of argText.matchAll(NUMBER_OR_STRING)) {
    if (token.startsWith('"') || token.startsWith('`')) continue;
    if (/^-?\d+$/.test(token) ? BigInt(token) > SAFE || BigInt(token) < -SAFE : !Number.isFinite(Number(token))) return false;
  }
  return true;
}

function arity(name: string): number {
  return capabilities().get(name)?.args ?? -1;
}

function setResult(name: string): boolean {
  return capabilities().get(name)?.set ?? false;
}

let caps: Map<string, { args: number; set: boolean }> | undefined;

function capabilities(): Map<string, { args: number; set: boolean }> {
  if (caps === undefined) {
    const json = JSON.parse(readFileSync(CAPABILITIES_FILE, 'utf8')) as {
      builtins: Array<{ name: string; decl: { args?: unknown[]; result?: { type: string } } }>;
    };
    caps = new Map(json.builtins.map((b) => [b.name, { args: b.decl.args?.length ?? 0, set: b.decl.result?.type === 'set' }]));
  }
  return caps;
}
