import { fail, str } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * semver.is_valid and semver.compare as OPA's internal/semver parses and
 * orders versions, which is laxer than the SemVer 2.0 grammar: major, minor
 * and patch are any int64 decimals (leading zeros too), and an empty
 * pre-release or build metadata ("1.0.0-", "1.0.0+") counts as none. A
 * leading "v" ("v1.2.3") is refused, as in OPA v1.6, the release the
 * conformance suite is taken from; OPA v1.11 (PR 8010) began to trim one.
 */
interface Version { core: [bigint, bigint, bigint]; preRelease: string }

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MAX = (1n << 63n) - 1n;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function parse(text: string): Version | undefined {
  const [rest, metadata] = cut(text, '+');
  const [core, preRelease] = cut(rest, '-');
  if ((metadata !== '' && !IDENTIFIERS.test(metadata)) || (preRelease !== '' && !IDENTIFIERS.test(preRelease))) return undefined;
  const parts = core.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p) && BigInt(p) <= INT64_MAX)) return undefined;
  return { core: parts.map(BigInt) as [bigint, bigint, bigint], preRelease };
}

const sign = (a: bigint | string, b: bigint | string): number => (a < b ? -1 : a > b ? 1 : 0);

const numeric = (id: string): boolean => /^\d+$/.test(id);

/** Versions order by their core, then a release above its pre-releases, then identifier by identifier. */
function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return sign(a.core[i]!, b.core[i]!);
  if (a.preRelease === b.preRelease) return 0;
  if (a.preRelease === '' || b.preRelease === '') return a.preRelease === '' ? 1 : -1;
  return comparePreReleases(a.preRelease.split('.'), b.preRelease.split('.'));
}

/** Numeric identifiers rank below others and compare by value ("01" equals "1"); more identifiers rank higher. */
function comparePreReleases(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (numeric(x) !== numeric(y)) return numeric(x) ? -1 : 1;
    const order = numeric(x) ? sign(BigInt(x), BigInt(y)) : sign(x, y);
    if (order !== 0) return order;
  }
  return sign(BigInt(a.length), BigInt(b.length));
}

function operand(n: number, v: unknown): Version {
  const text = str(v);
  return parse(text) ?? fail(`operand ${n}: string ${JSON.stringify(text)} is not a valid SemVer`);
}

export const semverBuiltins: BuiltinTable = {
  'semver.is_valid': (v) => typeof v === 'string' && parse(v) !== undefined,
  'semver.compare': (a, b) => compareVersions(operand(1, a), operand(2, b)),
};
