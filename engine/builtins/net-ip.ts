import { fail } from './args.js';

/**
 * IP addresses and CIDRs as Go's net package parses and prints them:
 * dotted IPv4 without leading zeros, IPv6 with `::` and an optional trailing
 * IPv4, IPv4-mapped IPv6 addresses treated as IPv4, output in canonical form.
 * A CIDR written in IPv6 takes IPv6 prefix lengths even when it is IPv4-mapped
 * ("::ffff:10.0.0.0/104"); such a network then matches as the IPv4 network it
 * maps (10.0.0.0/8), as Go's IPNet.Contains and IPNet.String treat it.
 */
export interface Ip { bits: 32 | 128; value: bigint }
export interface Cidr { bits: 32 | 128; network: bigint; prefix: number }

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const MAPPED_PREFIX = 0xffffn << 32n;

export function parseIp(s: string): Ip | undefined {
  if (IPV4.test(s)) return { bits: 32, value: ipv4Value(s) };
  const v6 = parseIpv6(s);
  if (v6 === undefined) return undefined;
  return v6 >> 32n === 0xffffn ? { bits: 32, value: v6 - MAPPED_PREFIX } : { bits: 128, value: v6 };
}

function ipv4Value(s: string): bigint {
  return s.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
}

function parseIpv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const words = groups.map((g) => g.flatMap(hextets));
  if (words.some((w) => w.includes(-1))) return undefined;
  const count = words.reduce((n, w) => n + w.length, 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = halves.length === 1 ? words[0] : [...words[0], ...new Array<number>(8 - count).fill(0), ...words[1]];
  return all.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

/** One colon-separated group: a hextet, or a trailing dotted IPv4 worth two. -1 marks garbage. */
function hextets(group: string, index: number, all: string[]): number[] {
  if (/^[0-9a-fA-F]{1,4}$/.test(group)) return [parseInt(group, 16)];
  if (index === all.length - 1 && IPV4.test(group)) {
    const v = Number(ipv4Value(group));
    return [Math.floor(v / 65536), v % 65536];
  }
  return [-1];
}

export function parseCidr(s: string): Cidr {
  const slash = s.indexOf('/');
  const ip = slash < 0 ? undefined : parseCidrAddress(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(prefixText)) fail(`invalid CIDR address: ${s}`);
  const prefix = Number(prefixText);
  if (prefix > ip.bits) fail(`invalid CIDR address: ${s}`);
  return asIpv4Network({ bits: ip.bits, network: ip.value & mask(ip.bits, prefix), prefix });
}

/** The address of a CIDR keeps the family it is written in (Go's netip.Addr.Is4). */
function parseCidrAddress(s: string): Ip | undefined {
  if (IPV4.test(s)) return { bits: 32, value: ipv4Value(s) };
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

/** An IPv6 network inside ::ffff:0:0/96 as the IPv4 network it maps; any other network as it is. */
export function asIpv4Network(c: Cidr): Cidr {
  if (c.bits !== 128 || c.prefix < 96 || c.network >> 32n !== 0xffffn) return c;
  return { bits: 32, network: c.network - MAPPED_PREFIX, prefix: c.prefix - 96 };
}

export function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function lastAddress(c: Cidr): bigint {
  return c.network | ((1n << BigInt(c.bits - c.prefix)) - 1n);
}

export function formatIp(ip: Ip): string {
  if (ip.bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const words = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  const [start, length] = longestZeroRun(words);
  const hex = words.map((w) => w.toString(16));
  if (length < 2) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

function longestZeroRun(words: number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < words.length; i++) {
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = Math.max(i, j);
  }
  return best;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp({ bits: c.bits, value: c.network })}/${c.prefix}`;
}
