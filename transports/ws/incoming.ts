/**
 * One incoming WebSocket data frame -> one decoded message or frame error. Text frames carry
 * one JSON-RPC message each; binary frames are not part of the binding.
 */
import { decodeMessage, tooLarge, type Decoded } from '../framing/message-codec.js';
import { TopLevelScanner, type TopLevelFacts } from '../framing/top-level-scan.js';
import { TransportError } from '../errors.js';

export function decodeFrame(data: Buffer, isBinary: boolean, maxMessageBytes: number): Decoded {
  // ws hands over whole frames, so a refused one is here in full; the scan reads its id, and the
  // engine answers a request refused this way instead of leaving its sender to a timeout.
  if (isBinary) return { error: binaryFrame(data) };
  if (data.length > maxMessageBytes) return { error: tooLarge(data.length, maxMessageBytes, 'incoming', scan(data)) };
  return decodeMessage(data);
}

function binaryFrame(data: Buffer): TransportError {
  const { id, hasId, hasMethod, isObject } = scan(data);
  const detail = { bytes: data.length, reason: 'binary frame', has_method: hasMethod, has_id: hasId, is_object: isObject, ...(id === undefined ? {} : { id }) };
  return new TransportError('frame_invalid', 'binary frames are not part of the MCP WebSocket binding', { detail });
}

function scan(data: Buffer): TopLevelFacts {
  const scanner = new TopLevelScanner();
  scanner.push(data);
  return scanner.facts();
}
