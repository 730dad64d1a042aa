import { randomUUID } from 'node:crypto';
import { fail, str } from './args.js';
import { perEvaluation } from './per-evaluation.js';
import type { BuiltinTable } from './types.js';

/**
 * uuid.rfc4122 returns a random v4 UUID that stays the same for the same key
 * within one evaluation (OPA caches it per query). uuid.parse describes a
 * UUID's fields the way OPA does.
 */
const generated = perEvaluation<string>();

const VARIANTS = ['Reserved, NCS backward compatibility.', 'RFC4122', 'Reserved, Microsoft Corporation backward compatibility.', 'Reserved, future definition.'];

function parse(value: unknown): Record<string, unknown> {
  const hex = normalise(str(value));
  const version = parseInt(hex[12], 16);
  const variantBits = parseInt(hex[16], 16);
  const variant = variantBits < 8 ? 0 : variantBits < 12 ? 1 : variantBits < 14 ? 2 : 3;
  const out: Record<string, unknown> = { version, variant: VARIANTS[variant] };
  if (version === 1 || version === 2) Object.assign(out, timeFields(hex));
  if (version === 2) Object.assign(out, { domain: domainName(parseInt(hex.slice(18, 20), 16)), id: parseInt(hex.slice(0, 8), 16) });
  return out;
}

/** Accepts the forms Google's uuid.Parse does: plain, braced, urn:uuid:, or 32 bare hex digits. */
function normalise(s: string): string {
  const bare = s.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(bare)) return bare.replace(/-/g, '').toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(bare)) return bare.toLowerCase();
  return fail(`invalid UUID ${s}`);
}

/** v1/v2 timestamp: 100ns ticks since 1582-10-15, plus clock sequence and node id. */
function timeFields(hex: string): Record<string, unknown> {
  const ticks = BigInt(`0x${hex.slice(13, 16)}${hex.slice(8, 12)}${hex.slice(0, 8)}`);
  const unixNs = (ticks - 122192928000000000n) * 100n;
  return {
    time: unixNs,
    clocksequence: parseInt(hex.slice(16, 20), 16) & 0x3fff,
    nodeid: hex.slice(20).match(/../g)?.join('-'),
    macvariables: macVariables(parseInt(hex.slice(20, 22), 16)),
  };
}

/** The two flag bits of the node id's first octet. */
function macVariables(octet: number): string {
  return `${(octet & 2) === 0 ? 'global' : 'local'}:${(octet & 1) === 0 ? 'unicast' : 'multicast'}`;
}

function domainName(d: number): string {
  return ['Person', 'Group', 'Org'][d] ?? `Domain${d}`;
}

export const uuidBuiltins: BuiltinTable = {
  'uuid.rfc4122': (key) => generated(str(key), randomUUID),
  'uuid.parse': parse,
};
