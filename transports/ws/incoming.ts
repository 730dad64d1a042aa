/**
 * One incoming WebSocket data frame -> one decoded message or frame error. Text frames carry
 * one JSON-RPC message each; binary frames are not part of the binding.
 */
import { decodeMessage, tooLarge, type Decoded } from '../framing/message-codec.js';
import { TransportError } from '../errors.js';
import { scanFrameId } from './frame-id.js';

export function decodeFrame(data: Buffer, isBinary: boolean, maxMessageBytes: number): Decoded {
  if (isBinary) {
    return { error: new TransportError('frame_invalid', 'binary frames are not part of the MCP WebSocket binding', { detail: { bytes: data.length, reason: 'binary frame' } }) };
  }
  if (data.length > maxMessageBytes) return { error: oversize(data, maxMessageBytes) };
  return decodeMessage(data);
}

function oversize(data: Buffer, maxMessageBytes: number): TransportError {
  const base = tooLarge(data.length, maxMessageBytes, 'incoming');
  const { id, hasMethod } = scanFrameId(data);
  const detail = id === undefined ? { ...base.detail, has_method: hasMethod } : { ...base.detail, id, has_method: hasMethod };
  return new TransportError('frame_too_large', base.message, { detail });
}
