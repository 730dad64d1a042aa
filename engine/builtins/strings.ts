import { fail, isObject, operandFail, regoTypeName, str, typeFail } from './args.js';
import { hasNonStringKeys } from './wire.js';
import type { BuiltinTable } from './types.js';

/** The string builtins the wasm runtime leaves to the host. */

/**
 * Go's strings.NewReplacer over the pattern keys in sorted order: one left-
 * to-right pass, and at each position the first key (in that order) that
 * matches wins, so results do not depend on how the object was built.
 */
function replaceN(patterns: unknown, value: unknown): string {
  if (!isObject(patterns)) operandFail(1, 'object', patterns);
  if (hasNonStringKeys(patterns)) typeFail('operand 1 non-string key found in pattern object');
  const pairs = Object.entries(patterns)
    .map(([k, v]) => [k, typeof v === 'string' ? v : typeFail('operand 1 non-string value found in pattern object')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const s = typeof value === 'string' ? value : operandFail(2, 'string', value);
  let out = '';
  let i = 0;
  while (i <= s.length) {
    const hit = pairs.find(([old]) => s.startsWith(old, i));
    if (hit !== undefined) out += hit[1];
    if (hit !== undefined && hit[0] !== '') { i += hit[0].length; continue; }
    if (i < s.length) out += s[i];
    i++;
  }
  return out;
}

/** Operand n of strings.any_prefix_match/any_suffix_match: a string or a collection of strings. */
function strings(n: number, v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return operandFail(n, 'one of {string, set, array}', v);
  const other = v.find((s) => typeof s !== 'string');
  if (other !== undefined) typeFail(`operand ${n} must be array of strings but got array containing ${regoTypeName(other)}`);
  return v as string[];
}

function anyMatch(test: (s: string, affix: string) => boolean) {
  return (search: unknown, base: unknown): boolean => {
    const searched = strings(1, search);
    const affixes = strings(2, base);
    return searched.some((s) => affixes.some((a) => test(s, a)));
  };
}

/** Go's strings.Count: non-overlapping; an empty substring counts rune boundaries. */
function count(search: unknown, substring: unknown): number {
  const s = str(search);
  const sub = str(substring);
  if (sub === '') return Array.from(s).length + 1;
  return s.split(sub).length - 1;
}

/** Every (overlapping) match of search in base, as code-point offsets. */
function indexOfN(base: unknown, search: unknown): number[] {
  const haystack = Array.from(str(base));
  const needle = Array.from(str(search));
  if (needle.length === 0) fail('empty search character');
  const out: number[] = [];
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((c, j) => haystack[i + j] === c)) out.push(i);
  }
  return out;
}

export const stringsBuiltins: BuiltinTable = {
  'strings.replace_n': replaceN,
  'strings.any_prefix_match': anyMatch((s, a) => s.startsWith(a)),
  'strings.any_suffix_match': anyMatch((s, a) => s.endsWith(a)),
  'strings.count': count,
  indexof_n: indexOfN,
};
