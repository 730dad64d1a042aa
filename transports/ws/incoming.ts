/**
 * One incoming WebSocket data frame -> one decoded message or frame error. Text frames carry
 * one JSON-RPC message each; binary frames are not part of the binding.
 */
import { decodeMessage, tooLarge, type Decoded } from '../framing/message-codec.js';
import { TopLevelScanner } from '../framing/top-level-scan.js';
import { TransportError } from '../errors.js';

export function decodeFrame(data: Buffer, isBinary: boolean, maxMessageBytes: number): Decoded {
  if (isBinary) {
    return { error: new TransportError('frame_invalid', 'binary frames are not part of the MCP WebSocket binding', { detail: { bytes: data.length, reason: 'binary frame' } }) };
  }
  if (data.length > maxMessageBytes) {
    // ws hands over whole frames, so the oversize one is here in full; the scan reads its id.
    const scanner = new TopLevelScanner();
    scanner.push(data);
    return { error: tooLarge(data.length, maxMessageBytes, 'incoming', scanner.facts()) };
  }
  return decodeMessage(data);
}
