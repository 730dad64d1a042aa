/**
 * `upstreams:` in the composition root: what is built once (the name map, each endpoint's
 * transport factory and sandbox) and what each session gets (its own links and router).
 */
import type { JsonObject } from '../engine/protocol/jsonrpc.js';
import { DEFAULT_SEPARATOR, NameMap } from '../engine/router/names.js';
import { Router } from '../engine/router/router.js';
import type { Confinement } from '../transports/stdio/sandbox/policy.js';
import type { RoutingConfig, UpstreamConfig } from './config/types.js';
import type { ProtectedPaths } from './protected-paths.js';
import { endpointFactories } from './upstreams.js';
import { TransportLink, type Endpoint } from './upstream-link.js';

export interface AggregateUpstream {
  config: UpstreamConfig;
  endpoints: Endpoint[];
  /** stdio endpoints: what they run under and what the sandbox left out. */
  confinement?: Confinement;
  notes: string[];
}

export class Aggregate {
  readonly names: NameMap;
  readonly upstreams: readonly AggregateUpstream[];
  readonly #routing: RoutingConfig;
  readonly #serverInfo: JsonObject;

  /** Throws when a sandbox cannot be set up as configured. */
  constructor(upstreams: readonly UpstreamConfig[], routing: RoutingConfig, maxMessageBytes: number, secrets: ProtectedPaths, serverInfo: JsonObject) {
    this.names = new NameMap(upstreams.map((u) => ({ upstream: u.name, prefix: u.namespace ?? u.name, separator: u.separator ?? DEFAULT_SEPARATOR })));
    this.upstreams = upstreams.map((config) => {
      const factories = endpointFactories(config, maxMessageBytes, secrets);
      const stdio = factories.find((f) => f.factory.confinement !== undefined);
      return {
        config,
        endpoints: factories.map((f) => ({ label: f.label, create: f.factory })),
        ...(stdio?.factory.confinement ? { confinement: stdio.factory.confinement } : {}),
        notes: [...new Set(factories.flatMap((f) => f.factory.notes))],
      };
    });
    this.#routing = routing;
    this.#serverInfo = serverInfo;
  }

  /** A session's own router: a link per upstream (a stdio upstream is a child per session). */
  router(): Router {
    const backoff = { baseMs: 250, maxMs: this.#routing.reconnectMaxMs };
    return new Router({
      upstreams: this.upstreams.map((u) => ({ link: new TransportLink(u.config.name, u.endpoints, backoff), private: u.config.private === true })),
      names: this.names,
      serverInfo: this.#serverInfo,
      attemptTimeoutMs: this.#routing.attemptTimeoutMs,
      fanOutTimeoutMs: this.#routing.fanOutTimeoutMs,
    });
  }
}
