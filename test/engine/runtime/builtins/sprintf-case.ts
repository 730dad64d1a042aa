// Shorthand for sprintf case tables: the format and the expected text as plain JS strings,
// the arguments in Rego value syntax.
import type { BuiltinCase } from '../harness.js';

export function sp(format: string, args: string, want: string): BuiltinCase {
  return ['builtin_sprintf', [JSON.stringify(format), args], JSON.stringify(want)];
}
