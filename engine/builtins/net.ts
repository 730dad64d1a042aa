import { arr, fail, isObject, str } from './args.js';
import { MAPPED_PREFIX, asIpv4Network, formatCidr, formatIp, lastAddress, mask, parseCidr, parseIp, type Cidr } from './net-ip.js';
import type { BuiltinTable } from './types.js';
import { RegoSet } from './wire.js';

/** net.cidr_* builtins. Set results are returned as arrays; the compiler makes them sets. */

/** cidr_expand materialises every address, so it refuses networks that would not fit in memory. */
const EXPAND_LIMIT = 1n << 16n;

/** An IP counts as a one-address network. */
function asNetwork(s: string): Cidr {
  const ip = parseIp(s);
  return ip === undefined ? parseCidr(s) : { bits: ip.bits, network: ip.value, prefix: ip.bits };
}

function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.bits === inner.bits && outer.prefix <= inner.prefix
    && (inner.network & mask(outer.bits, outer.prefix)) === outer.network;
}

function intersects(a: Cidr, b: Cidr): boolean {
  return contains(a, { ...b, prefix: Math.max(a.prefix, b.prefix) }) || contains(b, { ...a, prefix: Math.max(a.prefix, b.prefix) });
}

function expand(cidr: unknown): string[] {
  const c = parseCidr(str(cidr));
  const size = 1n << BigInt(c.bits - c.prefix);
  if (size > EXPAND_LIMIT) fail(`refusing to expand ${size} addresses`);
  const out: string[] = [];
  for (let v = c.network; v <= lastAddress(c); v++) out.push(formatIp({ bits: c.bits, value: v }));
  return out;
}

/** An address range to merge; `written` is how OPA prints it when nothing merges into it. */
interface Span { lo: bigint; hi: bigint; written?: string }

/**
 * A plain IPv4 address stands for its classful network (Go's IP.DefaultMask:
 * /8, /16 or /24 by the first octet), as in OPA; IPv6 needs a prefix length.
 * OPA keeps such an input as the address with the mask, unmasked, so alone it
 * prints as "192.168.1.1/24", the way Go's IPNet.String writes it.
 */
function mergeInput(s: string): Span {
  if (s.includes('/')) return span(parseCidr(s));
  const ip = parseIp(s);
  if (ip?.bits !== 32) fail('IPv6 invalid: needs prefix length');
  const first = Number(ip.value >> 24n);
  const prefix = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
  return { ...span({ bits: 32, network: ip.value & mask(32, prefix), prefix }), written: `${formatIp(ip)}/${prefix}` };
}

/**
 * Union of the address ranges, re-cut into the fewest aligned blocks. As in
 * OPA (internal/cidr/merge), IPv4 ranges are merged as their IPv4-mapped IPv6
 * ranges, so an IPv6 network covering ::ffff:0:0/96 absorbs them.
 */
function merge(addresses: unknown): string[] {
  const spans = arr(addresses).map((a) => mergeInput(str(a))).sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  // A block inside ::ffff:0:0/96 is written as the IPv4 network it maps, as Go's IPNet.String does.
  return unionSpans(spans).flatMap((s) => s.written !== undefined ? [s.written]
    : toBlocks(128, s.lo, s.hi).map((c) => formatCidr(asIpv4Network(c))));
}

function span(c: Cidr): Span {
  const offset = c.bits === 32 ? MAPPED_PREFIX : 0n;
  return { lo: offset + c.network, hi: offset + lastAddress(c) };
}

/** Overlapping or adjacent spans become one, which OPA then writes as the blocks that cover it. */
function unionSpans(sorted: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.lo <= last.hi + 1n) out[out.length - 1] = { lo: last.lo, hi: s.hi > last.hi ? s.hi : last.hi };
    else out.push(s);
  }
  return out;
}

function toBlocks(bits: 32 | 128, lo: bigint, hi: bigint): Cidr[] {
  const out: Cidr[] = [];
  while (lo <= hi) {
    let size = bits;
    while (size > 0 && (lo & ((1n << BigInt(bits - size + 1)) - 1n)) === 0n && lo + (1n << BigInt(bits - size + 1)) - 1n <= hi) size--;
    out.push({ bits, network: lo, prefix: size });
    lo += 1n << BigInt(bits - size);
  }
  return out;
}

/** Collections in cidr_contains_matches: each entry is keyed by index, object key, or itself. */
function keyed(operand: number, v: unknown): Array<[unknown, string]> {
  if (typeof v === 'string') return [[v, v]];
  const entries: Array<[unknown, unknown]> = v instanceof RegoSet ? v.map((x) => [x, x])
    : Array.isArray(v) ? v.map((x, i) => [i, x])
    : isObject(v) ? Object.entries(v) : fail('expected string, array, set or object');
  const cidr = (x: unknown): string => (typeof x === 'string' ? x
    : Array.isArray(x) && typeof x[0] === 'string' ? x[0]
      : fail(`operand ${operand}: element must be string or non-empty array`));
  return entries.map(([k, x]) => [k, cidr(x)]);
}

function containsMatches(cidrs: unknown, candidates: unknown): Array<[unknown, unknown]> {
  const inner = keyed(2, candidates).map(([k, s]) => [k, asNetwork(s)] as const);
  const out: Array<[unknown, unknown]> = [];
  for (const [k1, s1] of keyed(1, cidrs)) {
    const outer = parseCidr(s1);
    for (const [k2, net] of inner) if (contains(outer, net)) out.push([k1, k2]);
  }
  return out;
}

function isValid(cidr: unknown): boolean {
  try {
    parseCidr(str(cidr));
    return true;
  } catch {
    return false;
  }
}

const containsBuiltin = (cidr: unknown, x: unknown): boolean => contains(parseCidr(str(cidr)), asNetwork(str(x)));

export const netBuiltins: BuiltinTable = {
  'net.cidr_contains': containsBuiltin,
  'net.cidr_overlap': containsBuiltin,
  'net.cidr_intersects': (a, b) => intersects(parseCidr(str(a)), parseCidr(str(b))),
  'net.cidr_is_valid': isValid,
  'net.cidr_expand': expand,
  'net.cidr_merge': merge,
  'net.cidr_contains_matches': containsMatches,
};
