import { fail } from './args.js';

/**
 * Just enough DER to walk X.509 structures Node does not expose (names,
 * certificate requests): tag, content bounds, children, OIDs and strings.
 */
export interface Tlv {
  tag: number;
  /** Offsets into the buffer: the whole element, and its content. */
  start: number;
  contentStart: number;
  end: number;
}

export function readTlv(buf: Buffer, at: number): Tlv {
  if (at + 2 > buf.length) fail('asn1: structure error: truncated');
  const tag = buf[at];
  let length = buf[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > buf.length) fail('asn1: structure error: bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > buf.length) fail('asn1: structure error: data truncated');
  return { tag, start: at, contentStart, end };
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** Consecutive top-level elements, as in a concatenation of DER certificates. */
export function splitDer(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length;) {
    const tlv = readTlv(buf, at);
    out.push(buf.subarray(tlv.start, tlv.end));
    at = tlv.end;
  }
  return out;
}

export function oidArcs(buf: Buffer, tlv: Tlv): number[] {
  const bytes = buf.subarray(tlv.contentStart, tlv.end);
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (arcs.length === 0) arcs.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
    else arcs.push(value);
    value = 0;
  }
  return arcs;
}

const BMP_STRING = 0x1e;
const UNIVERSAL_STRING = 0x1c;

export function stringValue(buf: Buffer, tlv: Tlv): string {
  const bytes = buf.subarray(tlv.contentStart, tlv.end);
  if (tlv.tag === BMP_STRING) return Buffer.from(bytes).swap16().toString('utf16le');
  if (tlv.tag === UNIVERSAL_STRING) return Array.from({ length: bytes.length / 4 }, (_, i) => String.fromCodePoint(bytes.readUInt32BE(i * 4))).join('');
  return bytes.toString(tlv.tag === 0x0c ? 'utf8' : 'latin1');
}
