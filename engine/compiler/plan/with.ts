/**
 * What a `with` modifier replaces: part of input, part of the base data, a virtual document
 * (rules, read from the data local while replaced), or a function/builtin (by another function,
 * or by a value kept in the data local under MOCK_ROOT).
 */
import type { RefTerm, Term, VarTerm, With } from '../ast.js';
import { DiagnosticCode, diagnostic } from '../diagnostics.js';
import { isBuiltin } from '../check/builtins.js';
import { lookupGroup, type RuleTree } from '../compile/program.js';
import { dataPrefix } from '../compile/walk.js';
import type { Ctx, Env } from './context.js';
import { MOCK_ROOT, fnKey, withData, withFn, type Overrides } from './overrides.js';

export type WithPlan =
  /** upsert `value` at `path` in a copy of the input or data local */
  | { kind: 'upsert'; root: 'input' | 'data'; path: string[]; value: Term; overrides?: (o: Overrides) => Overrides }
  /** only the replacement set changes (function replaced by a function) */
  | { kind: 'replace'; overrides: (o: Overrides) => Overrides };

export function planWithTarget(ctx: Ctx, w: With, env: Env): WithPlan | undefined {
  const t = w.target;
  const head = t.type === 'ref' ? t.head : t;
  const root = head.type === 'var' ? head.name : '';
  if (root === 'input' || root === 'data') {
    const path = stringPath(t);
    if (!path) return unsupported(ctx, w, 'with targets must be input or data followed by string keys');
    if (root === 'input') return { kind: 'upsert', root, path, value: w.value };
    const group = lookupGroup(ctx.program.tree, path);
    if (group?.kind === 'function') return replaceFunction(ctx, w, t as RefTerm, env);
    const rules = ruleShape(ctx.program.tree, path);
    if (rules === 'below-rule') return unsupported(ctx, w, 'replacing part of a rule\'s value with "with"');
    if (rules === 'none') return { kind: 'upsert', root, path, value: w.value };
    return { kind: 'upsert', root, path, value: w.value, overrides: (o) => withData(o, path) };
  }
  if (t.type === 'var' && isBuiltin(t.name)) return replaceFunction(ctx, w, t, env);
  if (t.type === 'ref' && dataPrefix(t)) return replaceFunction(ctx, w, t, env);
  return unsupported(ctx, w, `with target ${fnKey(t as VarTerm | RefTerm)} is not a function, input or data`);
}

function replaceFunction(ctx: Ctx, w: With, target: VarTerm | RefTerm, env: Env): WithPlan {
  const key = fnKey(target);
  const v = w.value;
  const isFnValue = (v.type === 'var' && isBuiltin(v.name) && !env.vars.has(v.name)) ||
    (v.type === 'ref' && lookupGroup(ctx.program.tree, dataPrefix(v) ?? [])?.kind === 'function');
  if (isFnValue) return { kind: 'replace', overrides: (o) => withFn(o, key, { kind: 'func', fn: v as VarTerm | RefTerm }) };
  const path = [MOCK_ROOT, key];
  return { kind: 'upsert', root: 'data', path, value: v, overrides: (o) => withFn(o, key, { kind: 'value', path }) };
}

function stringPath(t: Term): string[] | undefined {
  if (t.type !== 'ref') return [];
  const out: string[] = [];
  for (const p of t.path) {
    if (p.type !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}

/** Whether a data path names rules: none, a rule or a node above rules, or a path inside a rule's value. */
function ruleShape(tree: RuleTree, path: string[]): 'none' | 'rules' | 'below-rule' {
  let node: RuleTree | undefined = tree;
  for (const seg of path) {
    if (node.group) return 'below-rule';
    node = node.children.get(seg);
    if (!node) return 'none';
  }
  return 'rules';
}

function unsupported(ctx: Ctx, w: With, what: string): undefined {
  ctx.errors.push(diagnostic(DiagnosticCode.compile, `${what} is not supported`, w.loc));
  return undefined;
}
