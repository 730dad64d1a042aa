/**
 * Stage: derive input-bounded rules. For each `{from, to, inputPaths}` the set rule `to` gets the
 * definitions of the set rule `from` that read nothing of `input` outside `inputPaths`, counting
 * what the rules and functions they refer to read (through `with` and comprehensions too). Such a
 * definition answers the same for every input that agrees on those paths, so a host can evaluate
 * `to` with a partial input that fixes only them (the warden's tool-listing probe does).
 *
 * The analysis is conservative: the whole `input`, a dynamic key before a bound is matched
 * (`input[k]`), or a path only partly inside a bound (`input.params` when the bound is
 * `input.params.name`) count as unbounded reads. The program is changed in place, as other
 * stages before planning do; the definitions are shared, not copied, since no stage mutates one.
 */
import type { Location, Rule, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { lookupGroup, type GroupedRule, type Program, type RuleGroup, type RuleTree } from './program.js';
import { node as nodeAt } from './rule-tree.js';
import { dataPrefix, walkRule } from './walk.js';

export interface InputBoundedRule {
  /** The set rule to read definitions from, as a path under data: "mcp/deny". */
  from: string;
  /** The set rule to define, at a path where no rule or package exists: "warden/listing/deny". */
  to: string;
  /** The input paths a kept definition may read, each with all its subpaths: [["params", "name"]]. */
  inputPaths: readonly (readonly string[])[];
}

export function deriveInputBounded(program: Program, requests: readonly InputBoundedRule[]): Diagnostic[] {
  return requests.flatMap((request) => derive(program, request));
}

function derive(program: Program, request: InputBoundedRule): Diagnostic[] {
  const source = lookupGroup(program.tree, request.from.split('/'));
  const path = request.to.split('/');
  const taken = occupied(program.tree, path);
  if (taken) return [diagnostic(DiagnosticCode.compile, `rule data.${path.join('.')} is reserved for rules derived from data.${request.from.split('/').join('.')}`, taken)];
  if (source?.kind !== 'set') return [];
  const reads = new Reads(program.groups, request.inputPaths);
  const kept = source.rules.filter((r) => reads.bounded(r.rule));
  if (kept.length === 0) return [];
  const group: RuleGroup = { path, kind: 'set', rules: kept.map((r) => renamed(r, path)), arity: 0, loc: source.loc };
  nodeAt(program.tree, path).group = group;
  program.groups.push(group);
  return [];
}

/** Where a user rule already defines `path`, something below it, or a rule above it. */
function occupied(tree: RuleTree, path: string[]): Location | undefined {
  let node: RuleTree | undefined = tree;
  for (const seg of path) {
    node = node.children.get(seg);
    if (!node) return undefined;
    if (node.group) return node.group.loc;
  }
  return firstGroupBelow(node);
}

function firstGroupBelow(node: RuleTree): Location | undefined {
  for (const child of node.children.values()) {
    const loc = child.group?.loc ?? firstGroupBelow(child);
    if (loc) return loc;
  }
  return undefined;
}

function renamed(r: GroupedRule, path: string[]): GroupedRule {
  const head = r.rule.head;
  const name: Term = { type: 'var', name: path[path.length - 1]!, loc: head.loc };
  return { ...r, rule: { ...r.rule, head: { ...head, ref: [name] } } };
}

/** What rules read of input, each rule group judged once. */
class Reads {
  private readonly verdicts = new Map<RuleGroup, boolean>();

  constructor(
    private readonly groups: readonly RuleGroup[],
    private readonly inputPaths: readonly (readonly string[])[],
  ) {}

  /** True when the rule and everything it refers to read only bounded input paths. */
  bounded(rule: Rule): boolean {
    const { inputBounded, dataRefs } = this.direct(rule);
    return inputBounded && dataRefs.every((prefix) => this.referenced(prefix).every((g) => this.groupBounded(g)));
  }

  private groupBounded(g: RuleGroup): boolean {
    const known = this.verdicts.get(g);
    if (known !== undefined) return known;
    // A cycle is a recursion error reported by a later stage; meanwhile judge it unbounded.
    this.verdicts.set(g, false);
    const verdict = [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])].every((r) => this.bounded(r.rule));
    this.verdicts.set(g, verdict);
    return verdict;
  }

  /** Groups a data ref with this ground prefix can read: inside its subtree, or holding it. */
  private referenced(prefix: string[]): RuleGroup[] {
    return this.groups.filter((g) => startsWith(g.path, prefix) || startsWith(prefix, g.path));
  }

  /** The rule's own input reads (without what it refers to) and the ground prefixes of its data refs. */
  private direct(rule: Rule): { inputBounded: boolean; dataRefs: string[][] } {
    let inputBounded = true;
    const dataRefs: string[][] = [];
    const refHeads = new Set<Term>();
    walkRule(rule, (t) => {
      if (t.type === 'ref' && isVar(t.head, 'input')) {
        refHeads.add(t.head);
        inputBounded &&= this.underBound(t.path);
      } else if (t.type === 'ref' && isVar(t.head, 'data')) {
        refHeads.add(t.head);
        dataRefs.push(dataPrefix(t)!);
      } else if (t.type === 'call' && t.fn.type === 'ref') {
        const prefix = dataPrefix(t.fn);
        if (prefix) dataRefs.push(prefix);
      } else if (t.type === 'var' && !refHeads.has(t)) {
        if (t.name === 'input') inputBounded = false;
        if (t.name === 'data') dataRefs.push([]);
      }
    });
    return { inputBounded, dataRefs };
  }

  private underBound(path: Term[]): boolean {
    return this.inputPaths.some((bound) => bound.length <= path.length && bound.every((seg, i) => {
      const t = path[i]!;
      return t.type === 'string' && t.value === seg;
    }));
  }
}

function isVar(t: Term, name: string): boolean {
  return t.type === 'var' && t.name === name;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}
