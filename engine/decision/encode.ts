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

const encoder = new TextEncoder();

/**
 * The SDK takes an ArrayBuffer as already-serialised JSON, which skips its own JSON.stringify.
 * The encoder's result normally owns its whole buffer; copying it (ArrayBuffer.slice) would cost
 * more than the encoding, so the copy is only made when the bytes are a view into a larger one.
 */
export function inputBuffer(inputJson: string): ArrayBuffer {
  const bytes = encoder.encode(inputJson);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}
