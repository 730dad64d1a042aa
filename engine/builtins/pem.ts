/**
 * PEM decoding as Go's encoding/pem does it, because OPA's answers depend on
 * its quirks: text before a block is skipped, a malformed block is passed
 * over in favour of the next one, and `rest` (what follows the END line)
 * decides "extra data after a PEM certificate block".
 */
export interface PemBlock {
  type: string;
  bytes: Buffer;
  rest: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const TRAILER = '-----';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The first well-formed block in text, or undefined. */
export function decodePem(text: string): PemBlock | undefined {
  let at = text.startsWith(BEGIN) ? 0 : text.indexOf('\n' + BEGIN);
  while (at >= 0) {
    const start = text[at] === '\n' ? at + 1 : at;
    const block = blockAt(text, start);
    if (block !== undefined) return block;
    at = text.indexOf('\n' + BEGIN, start);
  }
  return undefined;
}

/** Every block in order, stopping at the first stretch that holds none (pem.Decode in a loop). */
export function decodeAllPem(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (let block = decodePem(text); block !== undefined; block = decodePem(block.rest)) out.push(block);
  return out;
}

/** Go's getLine: up to the next \n, with trailing spaces, tabs and \r dropped. */
function line(text: string, from: number): { content: string; next: number } {
  const nl = text.indexOf('\n', from);
  const end = nl < 0 ? text.length : nl;
  return { content: text.slice(from, end).replace(/[ \t\r]+$/, ''), next: nl < 0 ? text.length : nl + 1 };
}

function blockAt(text: string, start: number): PemBlock | undefined {
  const typeLine = line(text, start + BEGIN.length);
  if (!typeLine.content.endsWith(TRAILER)) return undefined;
  const type = typeLine.content.slice(0, -TRAILER.length);
  const bodyStart = skipHeaders(text, typeLine.next);
  const endMarker = text.startsWith(END, bodyStart) ? bodyStart : text.indexOf('\n' + END, bodyStart);
  if (endMarker < 0) return undefined;
  const trailerStart = endMarker + (text[endMarker] === '\n' ? 1 : 0) + END.length;
  const endLine = line(text, trailerStart);
  if (endLine.content !== type + TRAILER) return undefined;
  const body = text.slice(bodyStart, Math.max(bodyStart, endMarker)).replace(/[ \t\r\n]/g, '');
  if (body.length % 4 !== 0 || !BASE64.test(body)) return undefined;
  return { type, bytes: Buffer.from(body, 'base64'), rest: text.slice(endLine.next) };
}

/** RFC 1421 headers ("Proc-Type: ...") sit between the BEGIN line and the body. */
function skipHeaders(text: string, from: number): number {
  let at = from;
  for (;;) {
    const next = line(text, at);
    if (!next.content.includes(':') || next.next === at) break;
    at = next.next;
  }
  return at;
}
