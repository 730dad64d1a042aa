/**
 * Rule indexing, analysis: the string constants an input ref must equal for a rule body to have
 * any solution, read from the body's leading expressions (`input.params.name == "x"`,
 * `input.method = "tools/call"`, `input.params.name in {"a", "b"}`, and the same through a local
 * assigned from the ref). Only leading expressions that cannot fail with an error are looked
 * through, so skipping a body whose key does not match never hides an error it would have raised.
 */
import type { Body, Rule, Term } from '../ast.js';
import { walkRule } from '../compile/walk.js';

/** A ref under input, by its string path, and the values it must take (any one of them). */
export interface IndexKey {
  path: string[];
  values: string[];
}

/** A body keyed on more values than this is left unindexed: it would be planned once per value. */
const MAX_VALUES_PER_BODY = 16;

/** Whether the rule prints: a dispatch runs bodies out of source order, which print would show. */
export function printsOutput(rule: Rule): boolean {
  let prints = false;
  // print named anywhere: called, passed as a `with` replacement, or mocked
  walkRule(rule, (t) => { prints ||= isPrint(t) || (t.type === 'call' && isPrint(t.fn)); });
  return prints;
}

function isPrint(t: Term): boolean {
  return t.type === 'var' && t.name === 'print';
}

/** The keys a rule body can be dispatched on, one per input ref it tests; empty when none. */
export function ruleIndexKeys(rule: Rule): IndexKey[] {
  if (rule.else || (rule.head.args?.length ?? 0) > 0) return [];
  return bodyKeys(rule.body);
}

function bodyKeys(body: Body): IndexKey[] {
  const aliases = new Map<string, string[]>();
  const keys = new Map<string, IndexKey>();
  for (const e of body) {
    if (e.type !== 'term' || e.negated || e.with.length > 0) break;
    const alias = inputAlias(e.term, aliases);
    if (alias) {
      aliases.set(alias[0], alias[1]);
      continue;
    }
    const key = equalityKey(e.term, aliases);
    if (!key) break;
    const id = JSON.stringify(key.path);
    const prior = keys.get(id);
    // two tests of one ref: only values both allow can match
    const values = prior ? key.values.filter((v) => prior.values.includes(v)) : key.values;
    keys.set(id, { path: key.path, values });
  }
  // a body no value can match is left to fail where it is, so it is still planned (and checked)
  return [...keys.values()].filter((k) => k.values.length > 0 && k.values.length <= MAX_VALUES_PER_BODY);
}

/** `v := input.a.b`: binds v to the ref's value (or fails when it is undefined), never errors. */
function inputAlias(t: Term, aliases: Map<string, string[]>): [string, string[]] | undefined {
  const call = callOf(t, 'assign');
  if (!call || call.args[0]!.type !== 'var') return undefined;
  const path = inputPath(call.args[1]!, aliases);
  return path ? [call.args[0]!.name, path] : undefined;
}

/** `ref == "s"`, `ref = "s"` (either side), or `ref in {"s", ...}` / `["s", ...]`. */
function equalityKey(t: Term, aliases: Map<string, string[]>): IndexKey | undefined {
  const eq = callOf(t, 'equal') ?? callOf(t, 'eq');
  if (eq && eq.args.length === 2) {
    const [a, b] = eq.args as [Term, Term];
    const path = inputPath(a, aliases) ?? inputPath(b, aliases);
    const constant = a.type === 'string' ? a : b.type === 'string' ? b : undefined;
    return path && constant ? { path, values: [constant.value] } : undefined;
  }
  const member = callOf(t, 'internal.member_2');
  if (member && member.args.length === 2) {
    const path = inputPath(member.args[0]!, aliases);
    const coll = member.args[1]!;
    if (!path || (coll.type !== 'set' && coll.type !== 'array') || coll.items.length === 0) return undefined;
    if (!coll.items.every((i) => i.type === 'string')) return undefined;
    return { path, values: [...new Set(coll.items.map((i) => (i as { value: string }).value))] };
  }
  return undefined;
}

/** The string path of `input.a.b` (or of a local assigned from one); undefined for anything else. */
function inputPath(t: Term, aliases: Map<string, string[]>): string[] | undefined {
  if (t.type === 'var') return aliases.get(t.name);
  if (t.type !== 'ref' || t.head.type !== 'var' || t.head.name !== 'input' || t.path.length === 0) return undefined;
  const path: string[] = [];
  for (const p of t.path) {
    if (p.type !== 'string') return undefined;
    path.push(p.value);
  }
  return path;
}

function callOf(t: Term, name: string): Extract<Term, { type: 'call' }> | undefined {
  if (t.type !== 'call') return undefined;
  const fn = t.fn;
  const full = fn.type === 'var' ? fn.name : fn.head.type === 'var' ? [fn.head.name, ...fn.path.map((p) => (p.type === 'string' ? p.value : '?'))].join('.') : '';
  return full === name ? t : undefined;
}
