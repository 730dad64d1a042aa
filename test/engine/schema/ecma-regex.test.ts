import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../engine/builtins/re2.js';
import { ecmaToRe2 } from '../../../engine/schema/ecma-regex.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; pattern: string; ecma?: boolean; match?: string[]; no_match?: string[]; error?: string }

/** V8's reading of the pattern: with u, or without it when only that is valid. */
function v8(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

loadCases<Case>('test/engine/schema/ecma-regex.cases.yaml').forEach((c) => {
  test(c.note, () => {
    if (c.error !== undefined) {
      assert.throws(() => compile(ecmaToRe2(c.pattern)), (e: unknown) => e instanceof Error && e.message.includes(c.error!));
      return;
    }
    const re2 = compile(ecmaToRe2(c.pattern));
    const ecma = c.ecma === false ? undefined : v8(c.pattern);
    for (const [text, want] of [...(c.match ?? []).map((t) => [t, true] as const), ...(c.no_match ?? []).map((t) => [t, false] as const)]) {
      if (ecma) assert.is(ecma.test(text), want, `V8 on ${JSON.stringify(text)}: the case itself is wrong`);
      assert.is(re2.matcher(text).find(), want, `RE2 (${ecmaToRe2(c.pattern)}) on ${JSON.stringify(text)}`);
    }
  });
});

test('the translation is plain RE2: letters and digits as they are, everything else by code point', () => {
  assert.is(ecmaToRe2('^a1 \\u0041-[^x]$'), '^a1\\x{20}A\\x{2d}[^x]$');
});

test.run();
