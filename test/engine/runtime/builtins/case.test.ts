/**
 * lower and upper against Go's strings.ToLower and ToUpper (OPA's): simple case mappings only,
 * from Go's Unicode 15.0.0 tables. The sweep compares every code point with JavaScript's own case
 * mapping, which differs from Go's only where special casing gives several code points (checked
 * by the cases below instead) and where Node's Unicode is newer than Go's (new letters Go leaves
 * alone, so the table must too).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const rt = loadRuntime();

const cases: BuiltinCase[] = [
  ['builtin_lower', ['"Ł ł Ĺ ĺ Ź ź Ÿ"'], '"ł ł ĺ ĺ ź ź ÿ"'],
  ['builtin_upper', ['"ł ĺ ž ſ µ ÿ"'], '"Ł Ĺ Ž S Μ Ÿ"'],
  // Special casing is not applied: one code point in, one out.
  ['builtin_lower', ['"İ ΑΣ"'], '"i ασ"'],
  ['builtin_upper', ['"ß ŉ ǰ ﬀ"'], '"ß ŉ ǰ ﬀ"'],
  ['builtin_upper', ['"ᾀ ᾳ ῳ"'], '"ᾈ ᾼ ῼ"'],
  // Titlecase digraphs map to their upper and lower forms.
  ['builtin_upper', ['"ǅ ǈ ǋ ǲ"'], '"Ǆ Ǉ Ǌ Ǳ"'],
  ['builtin_lower', ['"Ǆ ǅ Ǳ"'], '"ǆ ǆ ǳ"'],
  ['builtin_lower', ['"Ꭰ Ａ Ա Ⴀ Ა 𐐀 𞤀"'], '"ꭰ ａ ա ⴀ ა 𐐨 𞤢"'],
  ['builtin_upper', ['"ꭰ ａ ա ⴀ ა 𐐨 𞤢 ɐ"'], '"Ꭰ Ａ Ա Ⴀ Ა 𐐀 𞤀 Ɐ"'],
  ['builtin_lower', ['"ĸ ǅ"'], '"ĸ ǆ"'],
];
builtinCases(test, rt, cases);

/** Every code point but the surrogates, as one string, and what lower or upper should make of each. */
function sweep(upper: boolean): { input: string; want: Array<string | undefined> } {
  const points: number[] = [];
  for (let cp = 0x80; cp <= 0x1ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) points.push(cp);
  const input = points.map((cp) => String.fromCodePoint(cp)).join('');
  const want = points.map((cp) => {
    const char = String.fromCodePoint(cp);
    const js = upper ? char.toUpperCase() : char.toLowerCase();
    // Special casing (several code points): the cases above check Go's single one.
    return [...js].length === 1 ? js : undefined;
  });
  return { input, want };
}

for (const upper of [false, true]) {
  const name = upper ? 'upper' : 'lower';
  test(`${name}: every code point maps as JavaScript maps it, or is left alone where Go's Unicode has no mapping yet`, () => {
    const { input, want } = sweep(upper);
    const got = [...(JSON.parse(rt.call(`builtin_${name}`, JSON.stringify(input))!) as string)];
    assert.is(got.length, want.length, 'one code point out for each in');
    const original = [...input];
    const differing = want.flatMap((w, i) => (w === undefined || got[i] === w ? [] : [{ at: original[i]!.codePointAt(0)!.toString(16), got: got[i], want: w }]));
    assert.equal(differing.filter((d) => d.got !== String.fromCodePoint(parseInt(d.at, 16))), [], 'where the runtime maps a code point, it maps it as JavaScript does');
    assert.ok(differing.length <= 80, `${differing.length} code points JavaScript maps and the runtime leaves alone: more than Unicode 16 and 17 added`);
  });
}

test.run();
