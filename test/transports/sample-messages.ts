/** Messages the transport tests send around, chosen to catch encoding and id mistakes. */
import type { JsonRpcMessage, JsonRpcRequest } from '../../engine/protocol/jsonrpc.js';

export function request(id: number | string, params: JsonRpcRequest['params'] = {}): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'tools/call', params };
}

/** Messages whose bytes are easy to get wrong: unicode in every plane, escapes, extreme ids. */
export const TRICKY_MESSAGES: readonly JsonRpcMessage[] = [
  request(Number.MAX_SAFE_INTEGER, {
    name: 'write_file',
    arguments: {
      latin: 'héllo wörld', cjk: '日本語のテキスト', emoji: '🙂 👩‍👩‍👧 🏳️‍🌈', rtl: 'עברית ومرحبا',
      combining: 'e\u0301', separators: 'a\u2028b\u2029c', escapes: 'line\nbreak\r\ttab "quote" \\ slash /',
      controls: '\u0000\u0001\u001f\u007f', loneSurrogate: '\ud800', bom: '\ufeff', astral: '\u{10FFFF}',
    },
  }),
  { jsonrpc: '2.0', id: -Number.MAX_SAFE_INTEGER, result: { content: [{ type: 'text', text: 'ok' }], n: [0, -1, 0.1, 1e21, 1.5e-300] } },
  { jsonrpc: '2.0', id: 0, result: {} },
  { jsonrpc: '2.0', id: 'x'.repeat(1000), method: 'ping' },
  { jsonrpc: '2.0', id: '9007199254740993', method: 'ping' },
  { jsonrpc: '2.0', id: '', method: 'ping' },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'ü', progress: 0.5, deep: { a: [{ b: [null, true, false] }] } } },
  { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: { where: 'ünïcödé' } } },
  { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'bad' } },
];

/** A notification whose serialised form is exactly `bytes` long (ASCII padding). */
export function messageOfSize(bytes: number, seq = 0): JsonRpcMessage {
  const empty = JSON.stringify(padded(seq, '')).length;
  if (bytes < empty) throw new Error(`cannot build a ${bytes}-byte message; the minimum is ${empty}`);
  return padded(seq, 'x'.repeat(bytes - empty));
}

function padded(seq: number, pad: string): JsonRpcMessage {
  return { jsonrpc: '2.0', method: 'test/pad', params: { seq, pad } };
}
