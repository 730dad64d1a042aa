/**
 * What the encoder needs to know about runtime.wasm, checked against the contract in
 * engine/runtime/README.md: the imports it must declare and the exported functions generated
 * code calls, each with its signature. A runtime that breaks the contract is reported by name
 * here rather than producing a module that fails later inside the SDK.
 */
import { ByteReader } from './binary.js';
import { ExternKind, ValType, funcTypeOf, importedCount, type FuncType, type WasmModule } from './module.js';

/** Names re-exported unchanged under the OPA ABI. */
export const ABI_FUNCTION_EXPORTS = [
  'opa_malloc', 'opa_free', 'opa_json_parse', 'opa_json_dump', 'opa_value_parse', 'opa_value_dump',
  'opa_heap_ptr_get', 'opa_heap_ptr_set', 'opa_value_add_path', 'opa_value_remove_path',
  'opa_heap_blocks_stash', 'opa_heap_stash_clear', 'opa_heap_blocks_restore', 'opa_eval_ctx_new',
  'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_get_result',
] as const;

export const HEAP_PTR_GLOBAL = 'warden_heap_ptr';

/** The runtime's null and boolean singletons, whose addresses generated code uses as constants. */
export interface Singletons { null: number; true: number; false: number }

/**
 * Signatures of the runtime functions generated code calls: params, then `>` and results.
 * `i` = i32, `I` = i64, `F` = f64; a trailing `?` accepts an optional i32 result (dropped).
 */
const RUNTIME_SIGNATURES: Record<string, string> = {
  opa_abort: 'i>', opa_println: 'i>',
  opa_null: '>i', opa_boolean: 'i>i', opa_number_int: 'I>i', opa_number_ref: 'ii>i', opa_string: 'ii>i',
  opa_array_with_cap: 'i>i', opa_object: '>i', opa_set: '>i', opa_json_parse: 'ii>i',
  opa_value_type: 'i>i', opa_value_get: 'ii>i', opa_value_length: 'i>i', opa_value_iter: 'ii>i',
  opa_value_equal: 'ii>i',
  opa_array_append: 'ii>?', opa_object_insert: 'iii>?', opa_set_add: 'ii>?',
  warden_object_insert_once: 'iii>i', warden_object_merge: 'ii>i', warden_upsert_path: 'iii>i',
  warden_array_to_set: 'i>i', warden_print: 'i>',
  warden_eval_begin: 'iii>i', warden_eval_end: 'ii>i',
  warden_ctx_input: 'i>i', warden_ctx_data: 'i>i', warden_ctx_entrypoint: 'i>i', warden_ctx_set_result: 'ii>?',
  warden_builtin_failure_clear: '>', warden_builtin_abort: 'ii>', warden_fuel_start: '>',
};

const I32_CONST = 0x41;
const END = 0x0b;
const HOST_IMPORTS = ['opa_abort', 'opa_println', 'opa_builtin0', 'opa_builtin1', 'opa_builtin2', 'opa_builtin3', 'opa_builtin4'];
const MAX_MEMORY_MIN_PAGES = 5;

export interface RuntimeFunc {
  index: number;
  type: FuncType;
  /** Whether a call leaves a value that must be dropped when only the effect is wanted. */
  hasResult: boolean;
}

export class RuntimeAbi {
  private readonly funcs = new Map<string, number>();
  private readonly importFuncs = new Map<string, number>();
  private readonly checked = new Map<string, RuntimeFunc>();

  constructor(private readonly module: WasmModule) {
    this.checkImports();
    for (const e of module.exports) if (e.kind === ExternKind.func) this.funcs.set(e.name, e.index);
    for (const name of ABI_FUNCTION_EXPORTS) this.exported(name);
  }

  /** Number of functions in the runtime's index space; generated functions follow. */
  get funcCount(): number {
    return importedCount(this.module, ExternKind.func) + this.module.functions.length;
  }

  has(name: string): boolean {
    return this.funcs.has(name);
  }

  /** An exported runtime function or a host import (opa_abort, opa_builtinN...), signature-checked. */
  fn(name: string): RuntimeFunc {
    let fn = this.checked.get(name);
    if (!fn) {
      const index = this.importFuncs.get(name) ?? this.exported(name);
      const type = funcTypeOf(this.module, index);
      const expected = RUNTIME_SIGNATURES[name];
      if (expected !== undefined) checkSignature(name, type, expected);
      fn = { index, type, hasResult: type.results.length > 0 };
      this.checked.set(name, fn);
    }
    return fn;
  }

  /** Index of an exported runtime function; throws naming the missing export. */
  exported(name: string): number {
    const index = this.funcs.get(name);
    if (index === undefined) throw new Error(`runtime.wasm does not export the function ${name}`);
    return index;
  }

  /**
   * The addresses of the null and boolean singletons (exported as immutable globals), or
   * undefined for a runtime that does not export them: values are then made by calling it.
   */
  singletons(): Singletons | undefined {
    const [nul, yes, no] = ['warden_null_value', 'warden_true_value', 'warden_false_value'].map((name) => this.constantGlobal(name));
    return nul === undefined || yes === undefined || no === undefined ? undefined : { null: nul, true: yes, false: no };
  }

  /** The value of an exported immutable i32 global initialised by a constant. */
  private constantGlobal(name: string): number | undefined {
    const e = this.module.exports.find((x) => x.name === name && x.kind === ExternKind.global);
    const global = e && this.module.globals[e.index - importedCount(this.module, ExternKind.global)];
    if (!global || global.mutable || global.type !== ValType.i32) return undefined;
    const init = new ByteReader(global.init);
    if (init.u8() !== I32_CONST) return undefined;
    const value = init.s32();
    return init.u8() === END ? value >>> 0 : undefined;
  }

  /** Index (in the global index space) of the exported heap pointer global. */
  heapPtrGlobal(): number {
    const e = this.module.exports.find((x) => x.name === HEAP_PTR_GLOBAL && x.kind === ExternKind.global);
    if (!e) throw new Error(`runtime.wasm does not export the global ${HEAP_PTR_GLOBAL}`);
    return e.index;
  }

  private checkImports(): void {
    for (const imp of this.module.imports) {
      if (imp.module !== 'env') throw new Error(`runtime.wasm imports ${imp.module}.${imp.name}; only env is allowed`);
      if (imp.kind === ExternKind.memory) {
        if (imp.name !== 'memory') throw new Error(`runtime.wasm imports memory as env.${imp.name}`);
        this.checkMemoryLimits(imp.limits);
        continue;
      }
      if (imp.kind !== ExternKind.func || !HOST_IMPORTS.includes(imp.name)) {
        throw new Error(`runtime.wasm imports env.${imp.name}, which the OPA ABI does not provide`);
      }
    }
    const funcImports = this.module.imports.filter((i) => i.kind === ExternKind.func);
    funcImports.forEach((imp, index) => this.importFuncs.set(imp.name, index));
    const missing = HOST_IMPORTS.filter((n) => !this.importFuncs.has(n));
    if (!this.module.imports.some((i) => i.kind === ExternKind.memory)) missing.unshift('memory');
    if (missing.length) throw new Error(`runtime.wasm lacks the imports ${missing.join(', ')}`);
  }

  private checkMemoryLimits(limits: { min: number; max?: number } | undefined): void {
    if (!limits || limits.min > MAX_MEMORY_MIN_PAGES || limits.max !== undefined) {
      throw new Error(`runtime.wasm must import memory with min <= ${MAX_MEMORY_MIN_PAGES} pages and no maximum`);
    }
  }
}

const LETTERS: Record<string, number> = { i: ValType.i32, I: ValType.i64, F: ValType.f64 };

function checkSignature(name: string, type: FuncType, expected: string): void {
  const [params = '', results = ''] = expected.split('>');
  const optional = results === '?';
  const paramsOk = type.params.length === params.length && [...params].every((c, i) => type.params[i] === LETTERS[c]);
  const resultsOk = optional
    ? type.results.length === 0 || (type.results.length === 1 && type.results[0] === ValType.i32)
    : type.results.length === results.length && [...results].every((c, i) => type.results[i] === LETTERS[c]);
  if (!paramsOk || !resultsOk) {
    throw new Error(`runtime.wasm function ${name} has signature ${describe(type)}, expected ${expected}`);
  }
}

function describe(type: FuncType): string {
  const letter = (t: number): string => Object.keys(LETTERS).find((k) => LETTERS[k] === t) ?? `0x${t.toString(16)}`;
  return `${type.params.map(letter).join('')}>${type.results.map(letter).join('')}`;
}
