/**
 * Whether a call in a query has a value of its own, as OPA decides when it captures expression
 * values: a function that returns something, called with exactly its arguments. Given one more
 * (`split(s, ",", parts)`, `walk(x, [p, v])`), the last argument is its output, bound like any
 * variable, and the expression's value is true; so is a call of a function returning nothing
 * (`print`). Arity comes from the builtin declarations and, for `data.` functions, from the rule
 * tree of the modules; a call of anything else keeps its value, and compiling reports it.
 */
import type { CallTerm, Module } from '../../engine/compiler/ast.js';
import { builtinDecl } from '../../engine/compiler/check/builtins.js';
import { lookupGroup, type RuleTree } from '../../engine/compiler/compile/program.js';
import { buildRuleTree } from '../../engine/compiler/compile/rule-tree.js';
import { fnParts } from '../../engine/compiler/compile/walk.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';

export type CallHasValue = (call: CallTerm) => boolean;

export function callValueOracle(modules: Readonly<Record<string, string>>, regoVersion: 0 | 1 = 1): CallHasValue {
  let tree: RuleTree | undefined;
  const rules = (): RuleTree => (tree ??= buildRuleTree(parsedModules(modules, regoVersion)).tree);
  return (call) => {
    const name = fnParts(call.fn);
    if (name === undefined) return true;
    if (name[0] === 'data') {
      const group = lookupGroup(rules(), name.slice(1));
      return group?.kind !== 'function' || call.args.length === group.arity;
    }
    const decl = builtinDecl(name.join('.'));
    if (decl === undefined) return true;
    return decl.result !== undefined && call.args.length === (decl.args?.length ?? 0);
  };
}

/** Modules that do not parse are left out; compiling reports them. */
function parsedModules(modules: Readonly<Record<string, string>>, regoVersion: 0 | 1): Module[] {
  return Object.entries(modules).flatMap(([file, source]) => parseModule(file, source, { regoVersion }).module ?? []);
}
