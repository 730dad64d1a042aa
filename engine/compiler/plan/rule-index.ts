/**
 * Rule indexing, planning: in a group whose bodies test one input ref against string constants
 * (index-keys.ts), the ref is read once and a binary search over the sorted constants (`lt`
 * calls, then equality at the leaves) reaches the bodies keyed on its value; only those run,
 * plus every body that is not indexed. Evaluation time then grows with log(rules), not rules,
 * as with OPA's rule index; OPA's own wasm planner has none.
 *
 * Each indexed body is planned inside the leaf of each of its values, and every body still
 * runs its own test, so the dispatch only skips bodies whose test would fail. Not indexed:
 * functions, rules with `else`, groups that print (bodies would run, and print, out of source
 * order), and all groups when coverage is on (coverage reports every expression evaluation
 * reached, and skipped tests would no longer be reached).
 */
import type { GroupedRule, RuleGroup } from '../compile/program.js';
import type { Loc, LocalIndex } from '../ir.js';
import { Ctx, local } from './context.js';
import { printsOutput, ruleIndexKeys } from './index-keys.js';

/** Fewer indexed bodies than this are cheaper to test one by one. */
const MIN_INDEXED = 4;
/** Below this many values a node tests each one instead of splitting further. */
const LINEAR_VALUES = 4;

interface Choice {
  /** JSON of `path`, to tell keys apart. */
  id: string;
  path: string[];
  /** The values each indexed rule is keyed on. */
  byRule: Map<GroupedRule, string[]>;
}

/** Plans the group's rules with `planRule`, through a dispatch on an input ref when one pays. */
export function planRules(ctx: Ctx, g: RuleGroup, input: LocalIndex, planRule: (r: GroupedRule) => void): void {
  const plain = ctx.probes || g.kind === 'function' || g.rules.some((r) => printsOutput(r.rule));
  if (plain) return g.rules.forEach(planRule);
  planIndexed({ ctx, input, loc: ctx.loc(g.loc), planRule }, g.rules, []);
}

interface Indexing {
  ctx: Ctx;
  input: LocalIndex;
  loc: Loc;
  planRule: (r: GroupedRule) => void;
}

/**
 * `rules` in source order, the ones keyed on the best ref not in `used` through a dispatch at the
 * first of them. The rules of one value are indexed again on another ref (`input.method` then
 * `input.params.name`, say), so a ref that every rule tests the same way cannot hide a selective one.
 */
function planIndexed(ix: Indexing, rules: GroupedRule[], used: string[]): void {
  const choice = chooseKey(rules, used);
  if (!choice) return rules.forEach(ix.planRule);
  let dispatched = false;
  for (const r of rules) {
    if (!choice.byRule.has(r)) ix.planRule(r);
    else if (!dispatched) {
      dispatched = true;
      planDispatch(ix.ctx, choice, ix.input, ix.loc, (bucket) => planIndexed(ix, bucket, [...used, choice.id]));
    }
  }
}

/** The input ref that splits the rules best (most distinct values, then most rules keyed), when enough are keyed. */
function chooseKey(rules: GroupedRule[], used: string[]): Choice | undefined {
  // A bucket of one value (most of them, in a per-tool policy) cannot key enough rules.
  if (rules.length < MIN_INDEXED) return undefined;
  const byPath = new Map<string, Choice>();
  for (const r of rules) {
    for (const key of ruleIndexKeys(r.rule)) {
      const id = JSON.stringify(key.path);
      if (used.includes(id)) continue;
      const choice = byPath.get(id) ?? { id, path: key.path, byRule: new Map() };
      choice.byRule.set(r, key.values);
      byPath.set(id, choice);
    }
  }
  let best: { choice: Choice; values: number } | undefined;
  for (const c of byPath.values()) {
    const values = new Set([...c.byRule.values()].flat()).size;
    if (!best || values > best.values || (values === best.values && c.byRule.size > best.choice.byRule.size)) best = { choice: c, values };
  }
  return best && best.choice.byRule.size >= MIN_INDEXED ? best.choice : undefined;
}

function planDispatch(ctx: Ctx, choice: Choice, input: LocalIndex, loc: Loc, planBucket: (rules: GroupedRule[]) => void): void {
  const buckets = new Map<string, GroupedRule[]>();
  for (const [r, values] of choice.byRule) {
    for (const v of values) {
      const bucket = buckets.get(v);
      if (bucket) bucket.push(r);
      else buckets.set(v, [r]);
    }
  }
  // the runtime orders strings by their UTF-8 bytes
  const values = [...buckets.keys()].map((v) => ({ v, bytes: Buffer.from(v) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes)).map(({ v }) => v);
  const block = ctx.block(() => {
    // an undefined ref matches no value: only the bodies that are not indexed can succeed
    ctx.emit({ type: 'IsDefined', source: input, loc });
    let value = input;
    for (const seg of choice.path) {
      const next = ctx.local();
      ctx.emit({ type: 'Dot', source: local(value), key: { type: 'string_index', value: ctx.strings.intern(seg) }, target: next, loc });
      value = next;
    }
    const search = { ctx, key: value, values, buckets, loc, planBucket };
    planSearch(search, 0, values.length);
  });
  ctx.emit({ type: 'Block', blocks: [block], loc });
}

interface Search {
  ctx: Ctx;
  key: LocalIndex;
  values: string[];
  buckets: Map<string, GroupedRule[]>;
  loc: Loc;
  planBucket: (rules: GroupedRule[]) => void;
}

/** Plans the bodies for values[lo..hi): split at the middle value until few are left. */
function planSearch(s: Search, lo: number, hi: number): void {
  const { ctx, loc } = s;
  if (hi - lo <= LINEAR_VALUES) {
    for (let i = lo; i < hi; i++) {
      const value = s.values[i]!;
      const leaf = ctx.block(() => {
        ctx.emit({ type: 'Equal', a: local(s.key), b: { type: 'string_index', value: ctx.strings.intern(value) }, loc });
        s.planBucket(s.buckets.get(value)!);
      });
      ctx.emit({ type: 'Block', blocks: [leaf], loc });
    }
    return;
  }
  const mid = (lo + hi) >> 1;
  const less = ctx.local();
  ctx.builtinsUsed.add('lt');
  ctx.emit({ type: 'Call', func: 'lt', args: [local(s.key), { type: 'string_index', value: ctx.strings.intern(s.values[mid]!) }], result: less, loc });
  const below = ctx.block(() => {
    ctx.emit({ type: 'NotEqual', a: local(less), b: { type: 'bool', value: false }, loc });
    planSearch(s, lo, mid);
  });
  const above = ctx.block(() => {
    ctx.emit({ type: 'Equal', a: local(less), b: { type: 'bool', value: false }, loc });
    planSearch(s, mid, hi);
  });
  ctx.emit({ type: 'Block', blocks: [below], loc });
  ctx.emit({ type: 'Block', blocks: [above], loc });
}
