/**
 * Stage: check types. Every rule group gets a type from its definitions (unioned, as OPA does),
 * inferred on first use so a rule's dependencies are typed before it; refs to rules then carry
 * the rule's type, `input` the schema's (or `any`), a path under data a METADATA schema names
 * that schema's, and other base data is `any`.
 */
import type { Body, RefTerm, Rule, Term } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { collectVars } from '../compile/resolve.js';
import type { GroupedRule, Program, RuleGroup, RuleTree } from '../compile/program.js';
import { Scope } from './env.js';
import { BodyChecker, type Globals } from './infer.js';
import { ANY, BOOLEAN, objectOf, or, setOf, type Type } from './model.js';
import { AnnotatedInput, type AnnotatedTypes, type DataSchema, type SchemaScopes } from './annotations.js';

type FunctionType = Extract<Type, { kind: 'function' }>;

export interface TypeCheckOptions {
  /** The input document's type for modules of a package (by its path under data), e.g. from a schema. */
  inputFor?: (pkg: string[]) => Type | undefined;
  /** Whether errors located in this file are reported (all files when absent). */
  reportIn?: (file: string) => boolean;
  /** METADATA `schemas:` annotations and the named schemas they may refer to. */
  schemaScopes?: SchemaScopes;
}

export function checkTypes(program: Program, options: TypeCheckOptions = {}): Diagnostic[] {
  return new ProgramChecker(program, options).run();
}

class ProgramChecker {
  private readonly errors: Diagnostic[] = [];
  private readonly types = new Map<RuleGroup, Type>();
  private readonly inProgress = new Set<RuleGroup>();
  private readonly groupRules = new Map<RuleGroup, readonly Rule[]>();
  private readonly annotated?: AnnotatedInput;

  constructor(private readonly program: Program, private readonly options: TypeCheckOptions) {
    if (options.schemaScopes) this.annotated = new AnnotatedInput(options.schemaScopes, (d) => this.errors.push(d));
  }

  run(): Diagnostic[] {
    for (const g of this.program.groups) this.groupType(g);
    if (this.program.query) this.checkBody(this.program.query, ANY);
    const shown = this.options.reportIn ? this.errors.filter((d) => this.options.reportIn!(d.location.file)) : this.errors;
    return shown.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.row - b.location.row || a.location.col - b.location.col);
  }

  private globals({ input, data }: AnnotatedTypes): Globals {
    return {
      input,
      dataRef: (ref) => annotatedDataRef(ref, data) ?? this.dataRef(ref),
      userFunction: (ref) => this.userFunction(ref),
      report: (d) => this.errors.push(d),
    };
  }

  private checkBody(body: Body, input: Type): void {
    new BodyChecker(this.globals({ input, data: [] })).body(body, new Scope());
  }

  private groupType(g: RuleGroup): Type {
    const known = this.types.get(g);
    if (known) return known;
    if (this.inProgress.has(g)) return ANY;
    this.inProgress.add(g);
    let t: Type | undefined;
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) t = or(t, this.ruleType(g, r));
    const out = t ?? ANY;
    this.inProgress.delete(g);
    this.types.set(g, out);
    return out;
  }

  /** One definition with its `else` chain. */
  private ruleType(g: RuleGroup, gr: GroupedRule): Type | undefined {
    const pkg = g.path.slice(0, g.path.length - (gr.rule.head.ref.length - gr.keys.length));
    const base = this.options.inputFor?.(pkg) ?? ANY;
    const docs = this.annotated ? this.annotated.documentTypes(base, pkg, gr.rule, this.documentRules(g)) : { input: base, data: [] };
    let t: Type | undefined;
    for (let r: Rule | undefined = gr.rule; r; r = r.else) t = or(t, this.definitionType(g, gr, r, docs));
    return t;
  }

  /** Every definition of a group is checked with the same list, so it is built once per group. */
  private documentRules(g: RuleGroup): readonly Rule[] {
    let rules = this.groupRules.get(g);
    if (!rules) {
      rules = documentRules(g);
      this.groupRules.set(g, rules);
    }
    return rules;
  }

  private definitionType(g: RuleGroup, gr: GroupedRule, r: Rule, docs: AnnotatedTypes): Type | undefined {
    const checker = new BodyChecker(this.globals(docs));
    const scope = new Scope();
    checker.body(r.body, scope);
    // Calls in the head bind vars as if they were in the body (OPA moves them there); only then
    // are arguments that nothing typed taken as `any`, and the head typed with them.
    if (r.head.value) checker.typeOf(r.head.value, scope);
    const args = (r.head.args ?? []).map((a) => argType(checker, a, scope));
    const value = r.head.value ? checker.typeOf(r.head.value, scope) ?? ANY : undefined;
    const contains = r.head.contains ? setOf(checker.typeOf(r.head.contains, scope) ?? ANY) : undefined;
    switch (g.kind) {
      case 'function':
        return { kind: 'function', args, result: value ?? BOOLEAN } satisfies FunctionType;
      case 'set':
        return contains ?? setOf(ANY);
      case 'complete':
        return value ?? BOOLEAN;
      case 'object': {
        let inner: Type = contains ?? value ?? BOOLEAN;
        for (const k of [...gr.keys].reverse()) inner = objectOf([], { key: checker.typeOf(k, scope) ?? ANY, value: inner });
        return inner;
      }
    }
  }

  private dataRef(ref: RefTerm): { type: Type; next: number } {
    let node: RuleTree = this.program.tree;
    for (let i = 0; i < ref.path.length; i++) {
      const step = ref.path[i]!;
      if (step.type !== 'string') return { type: ANY, next: i };
      const child = node.children.get(step.value);
      if (!child) return { type: ANY, next: i + 1 };
      if (child.group) {
        if (child.children.size > 0 || child.group.kind === 'function') return { type: ANY, next: ref.path.length };
        return { type: this.groupType(child.group), next: i + 1 };
      }
      node = child;
    }
    return { type: ANY, next: ref.path.length };
  }

  private userFunction(ref: RefTerm): FunctionType | undefined {
    if (ref.head.type !== 'var' || ref.head.name !== 'data') return undefined;
    let node: RuleTree | undefined = this.program.tree;
    for (const step of ref.path) node = step.type === 'string' ? node?.children.get(step.value) : undefined;
    const g = node?.group;
    if (!g || g.kind !== 'function') return undefined;
    const t = this.groupType(g);
    return t.kind === 'function' ? t : undefined;
  }
}

/**
 * A ref under a path a schema annotation gives: typed by that schema from there on. The longest
 * such path wins, and of equal ones the narrowest scope's (the last).
 */
function annotatedDataRef(ref: RefTerm, schemas: readonly DataSchema[]): { type: Type; next: number } | undefined {
  let best: DataSchema | undefined;
  for (const s of schemas) {
    if (s.path.length > ref.path.length || (best && s.path.length < best.path.length)) continue;
    if (s.path.every((seg, i) => { const step = ref.path[i]!; return step.type === 'string' && step.value === seg; })) best = s;
  }
  return best && { type: best.type, next: best.path.length };
}

function documentRules(g: RuleGroup): Rule[] {
  return [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])].map((r) => r.rule);
}

/** An argument (or part of an argument pattern) nothing in the body typed is `any`. */
function argType(checker: BodyChecker, a: Term, scope: Scope): Type {
  const vars = new Set<string>();
  collectVars(a, vars);
  for (const v of vars) if (scope.get(v) === undefined) scope.set(v, ANY);
  return checker.typeOf(a, scope) ?? ANY;
}
