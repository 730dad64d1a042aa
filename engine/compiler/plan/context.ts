/**
 * Planner state shared by the planning functions: the statement emitter, locals, the string
 * table and the registry of funcs planned on demand.
 */
import type { Location } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Block, Func, Loc, LocalIndex, Operand, Stmt } from '../ir.js';
import type { Program } from '../compile/program.js';
import { NO_OVERRIDES, isEmpty, signature, type Overrides } from './overrides.js';
import { siteKey } from './coverage.js';

export type Cont = () => void;
export type ValueCont = (value: Operand) => void;

/** Variable bindings of one scope; `with` shares bindings but swaps the input/data locals. */
export class Env {
  constructor(
    readonly vars: Map<string, LocalIndex>,
    readonly input: LocalIndex,
    readonly data: LocalIndex,
  ) {}

  static root(): Env {
    return new Env(new Map(), 0, 1);
  }

  child(): Env {
    return new Env(new Map(this.vars), this.input, this.data);
  }

  withLocals(input: LocalIndex, data: LocalIndex): Env {
    return new Env(this.vars, input, data);
  }
}

export class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export class Ctx {
  private stack: Stmt[][] = [];
  private nextLocal = 2;
  private files: string[];
  readonly strings = new StringTable();
  readonly funcs: Func[] = [];
  readonly errors: Diagnostic[] = [];
  /** Funcs planned or being planned, by key; planning a func registers it first so references terminate. */
  readonly funcNames = new Map<string, string>();
  builtinsUsed = new Set<string>();
  overrides: Overrides = NO_OVERRIDES;
  /** Coverage probe index by site key (coverage.ts); undefined when coverage is off. */
  probes?: Map<string, number>;
  /** Planning an operand of print, in the func being planned (an unbound var there is undeclared, not unsafe). */
  inPrint = false;
  private readonly signatures = new Map<string, number>();

  constructor(readonly program: Program) {
    this.files = program.files;
  }

  loc(l: Location): Loc {
    const file = this.files.indexOf(l.file);
    return { file: file < 0 ? 0 : file, row: l.row, col: l.col };
  }

  /** With coverage on, marks that evaluation reached the line of `l` (a Nop, see coverage.ts). */
  probe(l: Location): void {
    if (this.probes?.has(siteKey(l.file, l.row))) this.emit({ type: 'Nop', loc: this.loc(l) });
  }

  local(): LocalIndex {
    return this.nextLocal++;
  }

  emit(stmt: Stmt): void {
    this.stack[this.stack.length - 1]!.push(stmt);
  }

  /** Collects the statements `fn` emits into a new block. */
  block(fn: () => void): Block {
    this.stack.push([]);
    fn();
    return { stmts: this.stack.pop()! };
  }

  /** Plans a func body with fresh locals, restoring the caller's state after. */
  inFunc<T>(fn: () => T): T {
    const saved = { stack: this.stack, next: this.nextLocal, inPrint: this.inPrint };
    this.stack = [];
    this.nextLocal = 2;
    this.inPrint = false;
    try {
      return fn();
    } finally {
      this.stack = saved.stack;
      this.nextLocal = saved.next;
      this.inPrint = saved.inPrint;
    }
  }

  /** Plans `fn` as an operand of print. */
  printOperand(fn: () => void): Block {
    const saved = this.inPrint;
    this.inPrint = true;
    try {
      return this.block(fn);
    } finally {
      this.inPrint = saved;
    }
  }

  /** Plans `fn` under other `with` replacements. */
  withOverrides<T>(o: Overrides, fn: () => T): T {
    const saved = this.overrides;
    this.overrides = o;
    try {
      return fn();
    } finally {
      this.overrides = saved;
    }
  }

  /** '' without replacements, else a suffix naming the current set of replacements. */
  overrideSuffix(): string {
    if (isEmpty(this.overrides)) return '';
    const sig = signature(this.overrides);
    let n = this.signatures.get(sig);
    if (n === undefined) {
      n = this.signatures.size + 1;
      this.signatures.set(sig, n);
    }
    return `$with${n}`;
  }

  get localCount(): number {
    return this.nextLocal;
  }
}

export function local(value: LocalIndex): Operand {
  return { type: 'local', value };
}
