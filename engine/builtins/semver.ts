import { compare, parse } from 'semver';
import { fail, str } from './args.js';
import type { BuiltinTable } from './types.js';

/** Strict SemVer 2.0: npm's parser also takes "v1.2.3", "=1.2.3" and padding, which OPA rejects. */
function parseStrict(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d.*[0-9A-Za-z]$/.test(v) && parse(v) !== null ? v : undefined;
}

function semverCompare(a: unknown, b: unknown): number {
  const x = parseStrict(a) ?? fail(`operand 1: string ${JSON.stringify(str(a))} is not a valid SemVer`);
  const y = parseStrict(b) ?? fail(`operand 2: string ${JSON.stringify(str(b))} is not a valid SemVer`);
  return compare(x, y);
}

export const semverBuiltins: BuiltinTable = {
  'semver.is_valid': (v) => parseStrict(v) !== undefined,
  'semver.compare': semverCompare,
};
