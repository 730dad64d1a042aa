/**
 * Builtins the runtime does not implement go to the host through `opa_builtinN`. Their ids are
 * assigned per policy in order of first use; the SDK learns them from the `builtins()` export.
 */
import type { BuiltinDecl } from '../ir.js';
import { hostBuiltinName } from '../../builtins/names.js';

/** The OPA ABI has host imports for 0 to 4 arguments. */
export const MAX_HOST_ARGS = 4;

export class HostBuiltins {
  private readonly ids = new Map<string, number>();
  private readonly decls: Map<string, BuiltinDecl>;

  /**
   * `strict`: a builtin call that yields no value aborts the evaluation (`--strict-builtin-errors`)
   * rather than being undefined, which is what OPA's wasm target does.
   */
  constructor(decls: readonly BuiltinDecl[], readonly strict = false) {
    this.decls = new Map(decls.map((d) => [d.name, d]));
  }

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
    }
    return id;
  }

  /** Host results arrive through JSON, which has no sets; declared set results are converted back. */
  returnsSet(name: string): boolean {
    return this.decls.get(name)?.decl.result?.type === 'set';
  }

  /** Names by id. */
  names(): string[] {
    return [...this.ids.keys()];
  }

  /** `{name: id}`, the value `builtins()` returns; SDK-shadowed names get our alias. */
  toJson(): string {
    return JSON.stringify(Object.fromEntries([...this.ids].map(([name, id]) => [hostBuiltinName(name), id])));
  }
}
