/**
 * Policy IR + runtime.wasm -> policy module. The runtime is extended, never re-encoded: its
 * function bodies are copied byte for byte, generated functions are appended after them, one
 * data segment goes after the runtime's data, and the export section is replaced by the ABI
 * (plus the fuel limit global, which OPA SDKs ignore).
 */
import type { Func, Policy } from '../ir.js';
import { ByteWriter } from './binary.js';
import { generateFunc, generatePlan, PLAN_PARAMS } from './codegen.js';
import { alignUp, DataLayout } from './data-layout.js';
import { DEFAULT_FUEL_LIMIT, FUEL_COUNTER_GLOBAL, FUEL_LIMIT_EXPORT, type FuelGlobals } from './fuel.js';
import { generateMemoWrapper, GLOBALS_PER_SLOT } from './memo.js';
import { generateDispatch, generateEval, generateJsonConstant, generateOpaEval } from './glue.js';
import { HostBuiltins } from './host-builtins.js';
import { inputFreeFuncs } from './input-free.js';
import { constantLiterals } from './constant-literals.js';
import { nameSection } from './name-section.js';
import { COVERAGE_EXPORT, layoutProbes } from './coverage.js';
import type { CoverageSites } from '../plan/coverage.js';
import {
  ExternKind, ValType, importedCount, type CustomSection, type DataSegment, type Export, type Global, type WasmModule,
} from './module.js';
import { readModule } from './module-reader.js';
import { writeModule } from './module-writer.js';
import { Op } from './opcodes.js';
import { ABI_FUNCTION_EXPORTS, RuntimeAbi } from './runtime-abi.js';
import { HelperFuncs, type Env } from './scope.js';
import { TypeTable } from './type-table.js';

export interface EmitResult {
  wasm: Uint8Array<ArrayBuffer>;
  /** Entrypoint ids, in plan order. */
  entrypoints: Record<string, number>;
  /** Host builtin names by id (what `builtins()` reports). */
  hostBuiltins: string[];
}

export const ABI_VERSION = 1;
export const ABI_MINOR_VERSION = 3;
/** The ABI functions generated after dispatch: eval, opa_eval, entrypoints, builtins. */
const GLUE_FUNCS = 4;

interface NewFunc {
  params: number;
  body: Uint8Array;
}

export interface EmitOptions {
  /** Record a hit byte per coverage site (coverage.ts); the planner placed the probes. */
  coverage?: CoverageSites;
  /** A builtin call that yields nothing aborts the evaluation (stmt-call.ts) instead of failing. */
  strictBuiltinErrors?: boolean;
}

export function emitWasm(policy: Policy, runtime: Uint8Array, options: EmitOptions = {}): EmitResult {
  const module = readModule(runtime);
  const rt = new RuntimeAbi(module);
  const data = new DataLayout(alignUp(Math.max(runtimeDataEnd(module), 1)));
  const builtins = new HostBuiltins(policy.static.builtin_funcs, options.strictBuiltinErrors);
  const memoized = policy.funcs.funcs.filter((f) => f.memo && f.params.length === 2);
  const memoGlobals = 1 + memoized.length * GLOBALS_PER_SLOT;
  // New globals: the two ABI versions, the memo globals, then the fuel limit (and the counter
  // when the runtime has none of its own, as a runtime.wasm built before it had), then the
  // address of the coverage hit bytes when the policy is instrumented.
  const epoch = importedCount(module, ExternKind.global) + module.globals.length + 2;
  const runtimeCounter = exportedGlobal(module, FUEL_COUNTER_GLOBAL);
  const ownCounter = runtimeCounter === undefined;
  const fuel: FuelGlobals = { limit: epoch + memoGlobals, counter: runtimeCounter ?? epoch + memoGlobals + 1 };
  const singletons = rt.singletons();
  const env: Env = { policy, rt, data, builtins, funcs: new Map(), fuel, singletons, literals: constantLiterals(policy, data, singletons) };
  if (options.coverage) env.coverage = layoutProbes(policy, options.coverage, data);

  let nextIndex = rt.funcCount;
  for (const func of policy.funcs.funcs) {
    if (env.funcs.has(func.name)) throw new Error(`internal: duplicate IR func ${func.name}`);
    env.funcs.set(func.name, { func, index: nextIndex++ });
  }
  // calls to a memoized func go through its wrapper; the wrapper calls the real one
  const inputFree = inputFreeFuncs(policy);
  const wrappers = memoized.map((func, k) => {
    const real = env.funcs.get(func.name)!.index;
    const index = nextIndex++;
    env.funcs.set(func.name, { func, index });
    return { params: 2, body: generateMemoWrapper(real, epoch + 1 + k * GLOBALS_PER_SLOT, epoch, !inputFree.has(func.name)) };
  });
  const plans = policy.plans.plans;
  const entrypoints = Object.fromEntries(plans.map((p, i) => [p.name, i]));
  const planIndexes = plans.map(() => nextIndex++);
  const dispatchIndex = nextIndex;
  const helpers = new HelperFuncs(dispatchIndex + 1 + GLUE_FUNCS);
  env.helpers = helpers;

  const generated: NewFunc[] = [
    ...policy.funcs.funcs.map((f) => ({ params: f.params.length, body: generateFunc(env, f) })),
    ...wrappers,
    ...plans.map((p) => ({ params: PLAN_PARAMS, body: generatePlan(env, p) })),
    { params: 3, body: generateDispatch(env, planIndexes, epoch, fuel) },
  ];
  const glue: Array<[string, NewFunc]> = [
    ['eval', { params: 1, body: generateEval(env, dispatchIndex) }],
    ['opa_eval', { params: 7, body: generateOpaEval(env, dispatchIndex) }],
    ['entrypoints', { params: 0, body: generateJsonConstant(env, JSON.stringify(entrypoints)) }],
    // Last, so that every host builtin the code above calls has its id.
    ['builtins', { params: 0, body: generateJsonConstant(env, builtins.toJson()) }],
  ];
  if (glue.length !== GLUE_FUNCS) throw new Error('internal: GLUE_FUNCS is out of date');
  const coverageGlobal = fuel.limit + (ownCounter ? 2 : 1);
  const extraGlobals = env.coverage ? [constI32(env.coverage.base)] : [];
  const exports = [
    ...abiExports(module, rt, glue.map(([name], i) => [name, dispatchIndex + 1 + i] as const)),
    { name: FUEL_LIMIT_EXPORT, kind: ExternKind.global, index: fuel.limit },
    ...(env.coverage ? [{ name: COVERAGE_EXPORT, kind: ExternKind.global, index: coverageGlobal }] : []),
  ];
  const funcs = [...generated, ...glue.map(([, f]) => f), ...helpers.funcs];
  const names = functionNames(policy, rt.funcCount, memoized, planIndexes, ['dispatch', ...glue.map(([name]) => name)], dispatchIndex);
  const wasm = writeModule(extend(module, rt, data, funcs, exports, memoGlobals, ownCounter, extraGlobals, nameSection(names)));
  return { wasm, entrypoints, hostBuiltins: builtins.names() };
}

/**
 * The generated functions by index, in the order emitWasm lays them out: rule funcs from
 * `first`, then their memo wrappers, the plans, and from `tailIndex` the dispatch and ABI glue.
 */
function functionNames(
  policy: Policy, first: number, memoized: readonly Func[], planIndexes: readonly number[],
  tail: readonly string[], tailIndex: number,
): Map<number, string> {
  const names = new Map<number, string>();
  policy.funcs.funcs.forEach((func, i) => names.set(first + i, func.name));
  memoized.forEach((func, k) => names.set(first + policy.funcs.funcs.length + k, `${func.name} (memo)`));
  policy.plans.plans.forEach((plan, i) => names.set(planIndexes[i]!, `plan ${plan.name}`));
  tail.forEach((name, i) => names.set(tailIndex + i, name));
  return names;
}

function exportedGlobal(module: WasmModule, name: string): number | undefined {
  return module.exports.find((e) => e.name === name && e.kind === ExternKind.global)?.index;
}

/** The first byte after the runtime's active data segments. */
function runtimeDataEnd(module: WasmModule): number {
  return module.data.reduce((end, d) => (d.offset === undefined ? end : Math.max(end, d.offset + d.size)), 0);
}

function extend(
  module: WasmModule, rt: RuntimeAbi, data: DataLayout, funcs: NewFunc[], exports: Export[], memoGlobals: number, ownCounter: boolean,
  extraGlobals: Global[], names: CustomSection,
): WasmModule {
  const types = new TypeTable(module.types);
  const functions = [...module.functions, ...funcs.map((f) => types.i32Func(f.params))];
  const segment = activeSegment(data.base, data.finish());
  return {
    ...module,
    types: types.all(),
    functions,
    globals: [
      ...withHeapPtr(module, rt, alignUp(data.end)), constI32(ABI_VERSION), constI32(ABI_MINOR_VERSION),
      ...Array.from({ length: memoGlobals }, (): Global => ({ type: ValType.i32, mutable: true, init: i32ConstExpr(0) })),
      { type: ValType.i32, mutable: true, init: i32ConstExpr(DEFAULT_FUEL_LIMIT) },
      ...(ownCounter ? [{ type: ValType.i32, mutable: true, init: i32ConstExpr(DEFAULT_FUEL_LIMIT) }] : []),
      ...extraGlobals,
    ],
    exports,
    code: [...module.code, ...funcs.map((f) => f.body)],
    data: [...module.data, segment],
    dataCount: module.dataCount === null ? null : module.dataCount + 1,
    // The runtime's own names and source maps would mislabel the policy module: only the
    // generated functions are named.
    customs: [names],
  };
}

function abiExports(module: WasmModule, rt: RuntimeAbi, glue: ReadonlyArray<readonly [string, number]>): Export[] {
  const firstNewGlobal = importedCount(module, ExternKind.global) + module.globals.length;
  return [
    ...ABI_FUNCTION_EXPORTS.map((name) => ({ name, kind: ExternKind.func, index: rt.exported(name) })),
    ...glue.map(([name, index]) => ({ name, kind: ExternKind.func, index })),
    { name: 'opa_wasm_abi_version', kind: ExternKind.global, index: firstNewGlobal },
    { name: 'opa_wasm_abi_minor_version', kind: ExternKind.global, index: firstNewGlobal + 1 },
  ];
}

/** The runtime's globals with `warden_heap_ptr` starting at `heapStart`. */
function withHeapPtr(module: WasmModule, rt: RuntimeAbi, heapStart: number): Global[] {
  const at = rt.heapPtrGlobal() - importedCount(module, ExternKind.global);
  const global = module.globals[at];
  if (!global || !global.mutable || global.type !== ValType.i32) {
    throw new Error('runtime.wasm warden_heap_ptr must be a mutable i32 global defined in the module');
  }
  return module.globals.map((g, i) => (i === at ? { ...g, init: i32ConstExpr(heapStart) } : g));
}

function constI32(value: number): Global {
  return { type: ValType.i32, mutable: false, init: i32ConstExpr(value) };
}

function i32ConstExpr(value: number): Uint8Array {
  return new ByteWriter().u8(Op.i32Const).s32(value).u8(Op.end).finish();
}

function activeSegment(offset: number, bytes: Uint8Array): DataSegment {
  const raw = new ByteWriter().u32(0).u8(Op.i32Const).s32(offset).u8(Op.end).u32(bytes.length).bytes(bytes).finish();
  return { raw, offset, size: bytes.length };
}
