/** A WebSocket listener on 127.0.0.1 with recording handlers, and raw clients for it. */
import { WebSocket } from 'ws';
import type { Principal } from '../../../engine/decision/input.js';
import type { Authenticator, RequestHeaders } from '../../../transports/auth/authenticator.js';
import type { AcceptedSession, Rejection } from '../../../transports/contract.js';
import { WebSocketListener, type WebSocketListenerOptions } from '../../../transports/ws/listener.js';
import { WsPeer } from './ws-peer.js';

export const ALICE: Principal = { id: 'alice', authenticated_by: 'test', claims: {}, roles: ['tester'] };

/** Accepts `Authorization: Bearer <token>` and nothing else. */
export function bearerAuthenticator(token: string): Authenticator {
  return {
    scheme: 'test',
    async authenticate(headers: RequestHeaders) {
      if (headers.authorization === `Bearer ${token}`) return { ok: true, principal: ALICE };
      return { ok: false, code: 'invalid_token', message: 'no valid bearer token', challenge: 'Bearer realm="warden"' };
    },
  };
}

export const TOKEN = 'test-token';
export const AUTH_HEADERS = { authorization: `Bearer ${TOKEN}` };

export interface ListenerFixture {
  readonly listener: WebSocketListener;
  readonly url: string;
  readonly rejections: Rejection[];
  /** The next session the listener yields (already yielded ones first). */
  nextSession(timeoutMs?: number): Promise<AcceptedSession>;
  /** Raw client with subprotocol `mcp` and valid credentials, open. */
  connect(options?: { headers?: Record<string, string>; protocols?: string[] }): Promise<WebSocket>;
  /** A peer for the contract suite, on a raw client with subprotocol `mcp` and valid credentials. */
  peer(): WsPeer;
}

export async function startListener(options: Partial<WebSocketListenerOptions> = {}): Promise<ListenerFixture> {
  const listener = new WebSocketListener({ url: new URL('ws://127.0.0.1:0/mcp'), authenticator: bearerAuthenticator(TOKEN), ...options });
  const rejections: Rejection[] = [];
  const sessions: AcceptedSession[] = [];
  let wake: (() => void) | undefined;
  listener.onrejected = async (rejection) => void rejections.push(rejection);
  listener.onsession = async (session) => {
    sessions.push(session);
    wake?.();
  };
  await listener.start();
  return {
    listener,
    url: listener.url,
    rejections,
    async nextSession(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (sessions.length === 0) {
        if (Date.now() > deadline) throw new Error('no session yielded in time');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return sessions.shift()!;
    },
    peer: () => new WsPeer().attach(new WebSocket(listener.url, ['mcp'], { headers: AUTH_HEADERS })),
    connect: (connectOptions = {}) => openClient(listener.url, connectOptions.protocols ?? ['mcp'], connectOptions.headers ?? AUTH_HEADERS),
  };
}

export function openClient(url: string, protocols: string[], headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(url, protocols, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
