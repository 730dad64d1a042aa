/**
 * Decision time. Millisecond resolution on purpose: the RFC 3339 text and the nanosecond count
 * must name the same instant, and Date is the only wall clock both can be taken from at once.
 */
import type { TimeInfo } from './input.js';

export function timeInfo(date: Date = new Date()): TimeInfo {
  return { rfc3339: date.toISOString(), ns: BigInt(date.getTime()) * 1_000_000n };
}
