/**
 * The module's type section as it grows: generated signatures reuse an identical runtime type
 * when there is one, so existing type indices stay valid and the section stays small.
 */
import { ValType, type FuncType } from './module.js';

export class TypeTable {
  private readonly types: FuncType[];

  constructor(runtimeTypes: readonly FuncType[]) {
    this.types = runtimeTypes.map((t) => ({ params: [...t.params], results: [...t.results] }));
  }

  /** Index of `(i32 x params) -> i32`, the shape of every generated function. */
  i32Func(params: number): number {
    return this.index({ params: new Array<number>(params).fill(ValType.i32), results: [ValType.i32] });
  }

  index(type: FuncType): number {
    const key = signature(type);
    const found = this.types.findIndex((t) => signature(t) === key);
    if (found >= 0) return found;
    this.types.push(type);
    return this.types.length - 1;
  }

  all(): FuncType[] {
    return this.types;
  }
}

function signature(t: FuncType): string {
  return `${t.params.join(',')}>${t.results.join(',')}`;
}
