/**
 * Serialises an input document for the wasm evaluator. JSON.stringify cannot write a bigint, and
 * a JS number cannot hold epoch nanoseconds exactly, so `time` is spliced in as exact JSON text.
 */
import type { DecisionInput, TimeInfo } from './input.js';

export function encodeInput(input: DecisionInput): string {
  const { time, ...rest } = input;
  const body = JSON.stringify(rest);
  const timeJson = encodeTime(time);
  return body === '{}' ? `{"time":${timeJson}}` : `${body.slice(0, -1)},"time":${timeJson}}`;
}

function encodeTime(time: TimeInfo): string {
  return `{"ns":${time.ns.toString()},"rfc3339":${JSON.stringify(time.rfc3339)}}`;
}

/** The SDK takes an ArrayBuffer as already-serialised JSON, which skips its own JSON.stringify. */
export function encodeInputBuffer(input: DecisionInput): ArrayBuffer {
  const bytes = new TextEncoder().encode(encodeInput(input));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
