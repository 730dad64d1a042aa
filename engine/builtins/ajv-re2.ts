/**
 * ajv's RegExpEngine on RE2 (re2js): `pattern` and `patternProperties` match in time linear in
 * the text, as Go's regexp does for OPA's json.match_schema (gojsonschema) and for any schema
 * whose strings come from a client. With V8's backtracking engine, a schema pattern such as
 * `^(a+)+$` took seconds to reject 30 characters, holding every session meanwhile.
 */
import { compile } from './re2.js';

interface Re2Test {
  test(text: string): boolean;
  toString(): string;
}

export const re2RegExpEngine = Object.assign(
  (pattern: string, flags: string): Re2Test => {
    const re = compile(pattern);
    return { test: (text) => re.matcher(text).find(), toString: () => `/${pattern}/${flags}` };
  },
  { code: 're2' },
);
