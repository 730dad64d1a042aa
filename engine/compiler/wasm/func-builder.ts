/**
 * Builds one function body. Branches name their target by label object instead of by depth,
 * so callers never count nesting; the builder also runs "exit actions" (restoring a local
 * after `with`) for every frame a branch leaves early, since a wasm `br` skips that code.
 */
import { ByteWriter } from './binary.js';
import { Op, VOID_BLOCK } from './opcodes.js';
import { ValType } from './module.js';

export interface Label {
  /** Emitted before a branch that jumps past the end of this frame to an outer label. */
  readonly onExit?: (fb: FuncBuilder) => void;
}

export class FuncBuilder {
  private readonly code = new ByteWriter();
  private readonly labels: Label[] = [];
  /** Open frames with exit actions; while there are none, no branch needs to look for them. */
  private exitFrames = 0;
  private localCount: number;

  constructor(readonly paramCount: number) {
    this.localCount = paramCount;
  }

  /** Bytes of code emitted so far: code between two readings that read the same emitted nothing. */
  get position(): number {
    return this.code.length;
  }

  /** A fresh i32 local (zero, i.e. undefined, on entry). */
  addLocal(): number {
    return this.localCount++;
  }

  op(opcode: number): this {
    this.code.u8(opcode);
    return this;
  }

  i32Const(value: number): this {
    this.code.u8(Op.i32Const).s32(value);
    return this;
  }

  i64Const(value: bigint): this {
    this.code.u8(Op.i64Const).s64(value);
    return this;
  }

  localGet(index: number): this {
    this.code.u8(Op.localGet).u32(index);
    return this;
  }

  localSet(index: number): this {
    this.code.u8(Op.localSet).u32(index);
    return this;
  }

  localTee(index: number): this {
    this.code.u8(Op.localTee).u32(index);
    return this;
  }

  globalGet(index: number): this {
    this.code.u8(Op.globalGet).u32(index);
    return this;
  }

  globalSet(index: number): this {
    this.code.u8(Op.globalSet).u32(index);
    return this;
  }

  /** `i32.store8` of the value on the stack at the address below it (byte aligned, no offset). */
  store8(): this {
    this.code.u8(Op.i32Store8).u32(0).u32(0);
    return this;
  }

  call(funcIndex: number): this {
    this.code.u8(Op.call).u32(funcIndex);
    return this;
  }

  block(label: Label = {}): Label {
    this.code.u8(Op.block).u8(VOID_BLOCK);
    return this.open(label);
  }

  loop(label: Label = {}): Label {
    this.code.u8(Op.loop).u8(VOID_BLOCK);
    return this.open(label);
  }

  /** `if` without `else`: consumes the i32 condition on the stack. */
  if(): Label {
    this.code.u8(Op.if).u8(VOID_BLOCK);
    return this.open({});
  }

  end(label: Label): this {
    if (this.labels.pop() !== label) throw new Error('internal: unbalanced wasm blocks');
    if (label.onExit) this.exitFrames--;
    this.code.u8(Op.end);
    return this;
  }

  /** Unconditional branch to `label`, running the exit actions of every frame it leaves early. */
  br(label: Label): this {
    this.runExitActions(label);
    this.code.u8(Op.br).u32(this.depth(label));
    return this;
  }

  /** Branch to `label` when the i32 on the stack is non-zero. */
  brIf(label: Label): this {
    if (!this.crossesExitActions(label)) {
      this.code.u8(Op.brIf).u32(this.depth(label));
      return this;
    }
    const guard = this.if();
    this.br(label);
    return this.end(guard);
  }

  /** `br_table` over `targets` with `fallback` for out-of-range indexes; no exit actions allowed. */
  brTable(targets: Label[], fallback: Label): this {
    if ([...targets, fallback].some((l) => this.crossesExitActions(l))) throw new Error('internal: br_table across with');
    this.code.u8(Op.brTable).vec(targets, (w, l) => w.u32(this.depth(l))).u32(this.depth(fallback));
    return this;
  }

  /** The body bytes: local declarations, code, final `end`. */
  finish(): Uint8Array {
    if (this.labels.length) throw new Error('internal: unclosed wasm blocks');
    const extra = this.localCount - this.paramCount;
    const body = new ByteWriter();
    if (extra > 0) body.u32(1).u32(extra).u8(ValType.i32);
    else body.u32(0);
    return body.bytes(this.code.finish()).u8(Op.end).finish();
  }

  private open(label: Label): Label {
    this.labels.push(label);
    if (label.onExit) this.exitFrames++;
    return label;
  }

  private depth(label: Label): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error('internal: branch to a label that is not open');
    return this.labels.length - 1 - at;
  }

  private framesLeftEarly(label: Label): Label[] {
    const at = this.labels.lastIndexOf(label);
    return this.labels.slice(at + 1).reverse();
  }

  private crossesExitActions(label: Label): boolean {
    return this.exitFrames > 0 && this.framesLeftEarly(label).some((l) => l.onExit);
  }

  private runExitActions(label: Label): void {
    if (this.exitFrames === 0) return;
    for (const frame of this.framesLeftEarly(label)) frame.onExit?.(this);
  }
}
