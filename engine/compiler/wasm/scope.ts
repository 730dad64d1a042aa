/**
 * Code generation state: `Env` is shared by every generated function of one policy, `Scope` is
 * one function being generated (its locals and the stack of open IR blocks, which is what
 * failing statements and `Break` jump out of).
 */
import type { Func, Loc, LocalIndex, Operand, Policy } from '../ir.js';
import type { ConstantLiterals } from './constant-literals.js';
import type { CoverageProbes } from './coverage.js';
import type { DataLayout } from './data-layout.js';
import { burnFuel, FUEL_EXHAUSTED, type FuelGlobals } from './fuel.js';
import { FuncBuilder, type Label } from './func-builder.js';
import type { HostBuiltins } from './host-builtins.js';
import { Op } from './opcodes.js';
import type { RuntimeAbi, Singletons } from './runtime-abi.js';

export interface Env {
  policy: Policy;
  rt: RuntimeAbi;
  data: DataLayout;
  builtins: HostBuiltins;
  /** IR funcs by name with their wasm function index. */
  funcs: Map<string, { func: Func; index: number }>;
  fuel: FuelGlobals;
  /** Coverage hit bytes; undefined unless the policy is compiled with coverage. */
  coverage?: CoverageProbes;
  /** Functions generated on the side (split.ts helpers), appended after every other one; without it, no func is split. */
  helpers?: HelperFuncs;
  /** Collection literals laid out in the data segment; without it, every literal is built where it is used. */
  literals?: ConstantLiterals;
  /** The runtime's null and boolean singletons; without them, opa_null and opa_boolean are called. */
  singletons?: Singletons;
}

/** Collects side functions; their indices are known up front because they come last. */
export class HelperFuncs {
  readonly funcs: Array<{ params: number; body: Uint8Array }> = [];

  constructor(private readonly firstIndex: number) {}

  add(params: number, body: Uint8Array): number {
    this.funcs.push({ params, body });
    return this.firstIndex + this.funcs.length - 1;
  }
}

export class Scope {
  readonly fb: FuncBuilder;
  private readonly locals = new Map<LocalIndex, number>();
  private readonly blocks: Label[] = [];
  /** The wasm local the code ending at `checkedAt` failed the statement on when undefined (see requireDefined). */
  private checkedLocal = -1;
  private checkedAt = -1;

  /** `params` are the IR locals that arrive as wasm parameters, in order. */
  constructor(readonly env: Env, params: readonly LocalIndex[]) {
    this.fb = new FuncBuilder(params.length);
    params.forEach((ir, i) => this.locals.set(ir, i));
  }

  /** The wasm local holding IR local `ir`; allocated on first use, so it starts undefined. */
  local(ir: LocalIndex): number {
    let index = this.locals.get(ir);
    if (index === undefined) {
      index = this.fb.addLocal();
      this.locals.set(ir, index);
    }
    return index;
  }

  /** Opens an IR block: the target of failing statements until it is closed. */
  openBlock(label: Label = {}): Label {
    this.blocks.push(this.fb.block(label));
    return label;
  }

  closeBlock(label: Label): void {
    if (this.blocks.pop() !== label) throw new Error('internal: unbalanced IR blocks');
    this.fb.end(label);
  }

  /** The IR block `index` levels out (0 = innermost), as `Break` counts. */
  enclosing(index: number): Label {
    const label = this.blocks[this.blocks.length - 1 - index];
    if (!label) throw new Error(`internal: Break ${index} outside of ${this.blocks.length} blocks`);
    return label;
  }

  /** Consumes an i32: when non-zero, the current statement fails. */
  failIf(): void {
    this.fb.brIf(this.enclosing(0));
  }

  /** Unconditional failure of the current statement. */
  fail(): void {
    this.fb.br(this.enclosing(0));
  }

  /** Calls a runtime function; returns whether it left a result on the stack. */
  call(name: string): boolean {
    const fn = this.env.rt.fn(name);
    this.fb.call(fn.index);
    return fn.hasResult;
  }

  /** Calls a runtime function for its effect only. */
  callForEffect(name: string): void {
    if (this.call(name)) this.fb.op(Op.drop);
  }

  /** Pushes the value of an operand (0 for an undefined local). */
  operand(op: Operand): void {
    switch (op.type) {
      case 'local':
        this.fb.localGet(this.local(op.value));
        return;
      case 'bool':
        this.boolean(op.value);
        return;
      case 'string_index':
        this.staticString(op.value);
        return;
    }
  }

  /** Pushes a boolean value: the runtime's singleton. */
  boolean(value: boolean): void {
    const singletons = this.env.singletons;
    if (singletons) {
      this.fb.i32Const(value ? singletons.true : singletons.false);
      return;
    }
    this.fb.i32Const(value ? 1 : 0);
    this.call('opa_boolean');
  }

  /** Pushes null: the runtime's singleton. */
  null(): void {
    const singletons = this.env.singletons;
    if (singletons) this.fb.i32Const(singletons.null);
    else this.call('opa_null');
  }

  /** Pushes the value of an operand; the statement fails when it is an undefined local. */
  definedOperand(op: Operand): void {
    if (op.type === 'local') this.requireDefined(op.value);
    this.operand(op);
  }

  /**
   * Fails the statement when `ir` is undefined. Not emitted again right after the code that just
   * did so for the same local (a Dot on the value the previous Dot produced, an IsDefined before
   * the statement that reads it): nothing ran in between, so the local is still defined. A rule
   * keyed on `input.params.name` had a quarter of its checks twice.
   */
  requireDefined(ir: LocalIndex): void {
    const local = this.local(ir);
    if (local === this.checkedLocal && this.checkedAt === this.fb.position) return;
    this.fb.localGet(local).op(Op.i32Eqz);
    this.failIf();
    this.checkedDefined(local);
  }

  /** Notes that the code just emitted failed the statement unless wasm local `local` is defined. */
  checkedDefined(local: number): void {
    this.checkedLocal = local;
    this.checkedAt = this.fb.position;
  }

  /** Pushes the string value of `static.strings[index]`, which lives in the data segment. */
  staticString(index: number): void {
    this.stringValue(this.env.policy.static.strings[index]?.value ?? missing('string', index));
  }

  stringValue(text: string): void {
    this.fb.i32Const(this.env.data.stringValue(text));
  }

  /**
   * Aborts evaluation with OPA's `file:row:col: message` runtime error text, or the bare message
   * where there is no file (an ad-hoc query compiled without modules).
   */
  abort(loc: Loc, message: string): void {
    this.abortWith(`${this.errorPrefix(loc)}${message}`);
  }

  /** `file:row:col: `, what OPA puts before a runtime error's message; empty where there is no file. */
  errorPrefix(loc: Loc): string {
    const file = this.env.policy.static.files[loc.file]?.value;
    return file === undefined ? '' : `${file}:${loc.row}:${loc.col}: `;
  }

  /** Units of work (a call, a loop iteration); aborts the evaluation when too few are left. */
  burnFuel(units = 1): void {
    burnFuel(this.fb, this.env.fuel, () => this.abortWith(FUEL_EXHAUSTED), units);
  }

  abortWith(text: string): void {
    this.fb.i32Const(this.env.data.cstring(text));
    this.callForEffect('opa_abort');
    this.fb.op(Op.unreachable);
  }
}

function missing(kind: string, index: number): never {
  throw new Error(`internal: IR refers to static ${kind} ${index}, which does not exist`);
}
