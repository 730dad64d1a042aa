/**
 * Decision time. Millisecond resolution on purpose: the RFC 3339 text and the nanosecond count
 * must name the same instant, and Date is the only wall clock both can be taken from at once.
 */
import type { TimeInfo } from './input.js';

let current: { ms: number; info: TimeInfo } = { ms: -1, info: { rfc3339: '', ns: 0n } };

export function timeInfo(date?: Date): TimeInfo {
  if (date) return { rfc3339: date.toISOString(), ns: BigInt(date.getTime()) * 1_000_000n };
  // Messages decided within the same millisecond share one (frozen) reading: formatting the
  // text and the BigInt again for each costs more than the rest of reading the clock.
  const ms = Date.now();
  if (ms !== current.ms) current = { ms, info: Object.freeze({ rfc3339: new Date(ms).toISOString(), ns: BigInt(ms) * 1_000_000n }) };
  return current.info;
}
