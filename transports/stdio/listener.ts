/**
 * The stdio listener: the client that launched warden is the one and only session, on our
 * stdin/stdout. Its principal is the local OS user, since whoever can write to our stdin
 * started us.
 */
import { localPrincipal } from '../../engine/session/principal.js';
import type { AcceptedSession, Listener, Rejection } from '../contract.js';
import { TransportError } from '../errors.js';
import { StdioServerTransport, type StdioServerTransportOptions } from './server.js';

export class StdioListener implements Listener {
  readonly name = 'stdio';
  readonly url = 'stdio';
  onsession?: (session: AcceptedSession) => Promise<void>;
  onrejected?: (rejection: Rejection) => Promise<void>;
  onerror?: (error: Error) => void;
  readonly transport: StdioServerTransport;
  #started = false;

  constructor(options: StdioServerTransportOptions = {}) {
    this.transport = new StdioServerTransport(options);
  }

  async start(): Promise<void> {
    if (this.#started) throw new TransportError('already_started', 'stdio listener: start called twice');
    this.#started = true;
    // Awaited: the gateway starts the transport inside onsession, so reading begins only once
    // the upstream is there. A refusal answers what the client sent, then closes our stdout.
    await this.onsession?.({ transport: this.transport, principal: localPrincipal(), kind: 'stdio', refusedInSession: true });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
