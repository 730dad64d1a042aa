/**
 * A failing `every`, shown as `opa test` shows it: OPA's failure line is the last expression that
 * failed in the trace, skipping `every` itself, so it is the body expression that failed for the
 * first element (in iteration order) the body does not hold for, with the values there.
 *
 * Probes (./failure-probe.ts) find it without a trace: with the test's body up to the `every`
 * as prefix, `[K | prefix; some K, V in DOMAIN; b1; ...; bj]` lists the keys of the elements for
 * which the first j body expressions hold (K the every's key, or one of ours), and
 * `[[K, v] | prefix; some K, V in DOMAIN; b1; ...; bj-1; v := term]` a shown term's value per
 * element. The failing element is the first key of j = 0 missing at j = m, and its failing
 * expression the first j it is missing at.
 */
import type { Every, With } from '../../engine/compiler/ast.js';
import { extentOf, type Extent, type SourceText } from './extent.js';
import { shownTerms, type Globals, type ShownTerm } from './failure-terms.js';

export interface EveryProbe {
  /** The test's expression that is the `every`. */
  k: number;
  /** Keys probe: the elements for which body expressions 1..j hold. */
  keysAfter?: number;
  /** Value probe: a term of body expression j (0-based), per element. */
  value?: { j: number; term: ShownTerm };
}

/** `[head | body]`, a probe's comprehension (./failure-probe.ts pairs the head with the test's case). */
export type Collect = (head: string, body: string) => string;

/**
 * The probe rules' bodies for an `every` at test expression k; none when it cannot be probed.
 * The every's `with` modifiers hold for its domain and its whole body, so each probe expression
 * carries them (after its own, which win for the same target, as the inner `with` does).
 */
export function everyProbeBodies(every: Every, k: number, prefix: string, src: SourceText, globals: Globals, withValues: boolean, collect: Collect): Array<{ rule: string; probe: EveryProbe }> {
  const domain = extentOf(src, every.domain);
  const body = every.body.map((e) => extentOf(src, e));
  const outer = withModifiers([], every.with, src);
  if (!domain || body.some((e) => e === undefined) || outer === undefined) return [];
  const under = (text: string, own: readonly With[]): string | undefined => {
    const added = withModifiers(own, every.with, src, false);
    return added === undefined ? undefined : [text, added].filter(Boolean).join(' ');
  };
  const lines = every.body.map((e, j) => under((body as Extent[])[j]!.text, e.with));
  if (lines.some((l) => l === undefined)) return [];
  const key = every.key?.name ?? '__warden_key';
  const head = `${prefix ? `${prefix}\n` : ''}${under(`some ${key}, ${every.value.name} in ${domain.text}`, [])!}`;
  const upTo = (j: number) => [head, ...lines.slice(0, j)].join('\n');
  const out: Array<{ rule: string; probe: EveryProbe }> = [];
  for (let j = 0; j <= body.length; j++) out.push({ rule: collect(key, upTo(j)), probe: { k, keysAfter: j } });
  if (!withValues) return out;
  every.body.forEach((expr, j) => {
    const modifiers = withModifiers(expr.with, every.with, src);
    if (modifiers === undefined) return;
    for (const term of shownTerms(expr, src, globals)) {
      out.push({ rule: collect(`[${key}, __warden_v]`, `${upTo(j)}\n${[`__warden_v := ${term.text}`, modifiers].filter(Boolean).join(' ')}`), probe: { k, value: { j, term } } });
    }
  });
  return out;
}

/**
 * The text of `with` modifiers that hold for an expression: its own (with `ownToo`), then the
 * enclosing ones whose target it does not set itself; undefined when one cannot be read.
 */
export function withModifiers(own: readonly With[], outer: readonly With[], src: SourceText, ownToo = true): string | undefined {
  const targets = new Set(own.map((w) => extentOf(src, w.target)?.text));
  const applied = [...(ownToo ? own : []), ...outer.filter((w) => !targets.has(extentOf(src, w.target)?.text))];
  const texts = applied.map((w) => extentOf(src, w)?.text);
  return texts.some((t) => t === undefined) ? undefined : texts.join(' ');
}

/**
 * The failing element's key and the index of its failing body expression, from the keys probes'
 * results (index j: the keys for which the first j expressions hold); undefined when no element
 * fails (then the domain itself is what failed, shown as the `every`).
 */
export function failingElement(keysAfter: readonly unknown[][]): { key: unknown; j: number } | undefined {
  const all = keysAfter[0];
  const held = keysAfter[keysAfter.length - 1];
  if (!all || !held) return undefined;
  const has = (keys: readonly unknown[], key: unknown) => keys.some((k) => same(k, key));
  const key = all.find((k) => !has(held, k));
  if (key === undefined) return undefined;
  const j = keysAfter.findIndex((keys) => !has(keys, key));
  return { key, j: j - 1 };
}

/** The value a value probe found for the failing element; `defined: false` when it has none. */
export function elementValue(pairs: readonly unknown[], key: unknown): { value?: unknown; defined: boolean } {
  const pair = pairs.find((p) => Array.isArray(p) && same(p[0], key)) as unknown[] | undefined;
  return pair ? { value: pair[1], defined: true } : { defined: false };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
