/**
 * How long a POST holds back the next one. Each POST may travel on its own connection, so two
 * POSTs handed off in order can reach the server's handler in the other order (a new connection
 * is accepted before it is read, while a pooled one is read at once); so the next POST waits for
 * the previous one's response headers, which a server sends once it has taken the message: 202
 * at once for notifications and responses, an SSE stream as soon as a request is dispatched.
 *
 * A server answering requests in JSON sends those headers only with the result, as long as the
 * tool runs, so they say nothing about delivery. With one 100 ms bound for everything, 64
 * concurrent tool calls behind such a server went out one per tool run or per 100 ms, 6.4 s for
 * the last. So once the server is known to hold its headers (it answered a request other than
 * initialize in JSON, or a request's headers took longer than MAX_MS), a request behind a
 * request waits REQUEST_GAP_MS at most: two POSTs sent apart arrive in order but for a lost
 * packet or a starved server, and even then the harm is small, as MCP runs requests
 * concurrently, a client that needs one's result waits for it before sending the next, and the
 * MCP SDK's own client POSTs every message without waiting at all.
 *
 * Anything else waits up to MAX_MS, behind any server: a `notifications/cancelled` that
 * overtook its request would be ignored and the call would run on.
 */
/** A message with an id and a method, or anything else: a notification or a response. */
export type MessageKind = 'request' | 'other';

export const MAX_MS = 100;
export const REQUEST_GAP_MS = 2;

/** How long a POST of `later` waits for the response headers of the `earlier` one. */
export function holdBackMs(earlier: MessageKind, later: MessageKind, serverHoldsHeaders: boolean): number {
  return serverHoldsHeaders && earlier === 'request' && later === 'request' ? REQUEST_GAP_MS : MAX_MS;
}
