/**
 * Types of local variables. A body gets a scope; comprehension and `every` bodies get a child
 * scope, so a var they declare (`:=`, `some`) shadows an outer one without changing it.
 */
import type { Type } from './model.js';

export class Scope {
  private readonly vars = new Map<string, Type | undefined>();

  constructor(private readonly parent?: Scope) {}

  child(): Scope {
    return new Scope(this);
  }

  /** The var's type; undefined when it is unbound (or unknown). */
  get(name: string): Type | undefined {
    return this.owner(name)?.vars.get(name);
  }

  /** Binds in the scope that declares the var, or in this one if none does. */
  set(name: string, t: Type | undefined): void {
    (this.owner(name) ?? this).vars.set(name, t);
  }

  /** A fresh var in this scope (`some x`, `x := ...`). */
  declare(name: string): void {
    this.vars.set(name, undefined);
  }

  private owner(name: string): Scope | undefined {
    if (this.vars.has(name)) return this;
    return this.parent?.owner(name);
  }
}
