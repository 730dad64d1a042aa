/**
 * The tool registry of an aggregated session. The mediator sees client-visible names
 * (`github__create_issue`); the trust anchors, approvals and schemas belong to each upstream's
 * own registry under the upstream's own names, exactly as when that upstream is fronted alone,
 * so `warden tools approve --upstream github create_issue` means the same tool either way.
 */
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import type { ToolInfo } from '../decision/input.js';
import { ToolRegistry, type ToolRecord } from '../session/registry.js';

type InfoExtras = Parameters<ToolRegistry['info']> extends [string, string, ...infer Rest] ? Rest : never;

export interface ToolOwner {
  upstream: string;
  name: string;
}

/** The upstream whose definition of a client-visible tool is meant: `upstream` when it serves the name, else the default one. */
export type OwnerOf = (clientName: string, upstream?: string) => ToolOwner | undefined;

export class NamespacedTools extends ToolRegistry {
  readonly #owner: OwnerOf;
  readonly #registryOf: (upstream: string) => ToolRegistry;

  constructor(owner: OwnerOf, registryOf: (upstream: string) => ToolRegistry) {
    super();
    this.#owner = owner;
    this.#registryOf = registryOf;
  }

  override observe(tools: readonly JsonValue[], seenAt: string): ToolRecord[] {
    const seen: ToolRecord[] = [];
    for (const tool of tools) {
      if (!isNamed(tool)) continue;
      const owner = this.#owner(tool.name);
      if (!owner) continue;
      for (const record of this.#registryOf(owner.upstream).observe([{ ...tool, name: owner.name }], seenAt)) {
        seen.push({ ...record, name: tool.name });
      }
    }
    return seen;
  }

  override get(name: string): ToolRecord | undefined {
    const owner = this.#owner(name);
    const record = owner ? this.#registryOf(owner.upstream).get(owner.name) : undefined;
    return record && { ...record, name };
  }

  observePage(upstream: string, tools: readonly JsonValue[], seenAt: string): void {
    this.#registryOf(upstream).observe(tools, seenAt);
  }

  pageInfo(upstream: string, name: string): ToolInfo {
    return this.#registryOf(upstream).info(name, upstream);
  }

  /**
   * `server` is the upstream the decision is made for: a replica of a pool serves its own
   * definition (hash, approval, inputSchema). Any other `server` (the session's `*`) means the
   * default one. ToolInfo.server says which it was; `name` is that upstream's own.
   */
  override info(name: string, server: string, ...extras: InfoExtras): ToolInfo {
    const owner = this.#owner(name, server);
    if (!owner) return super.info(name, '', ...extras);
    // The policy sees the tool as its upstream names it (input.namespaced has the client's name).
    return this.#registryOf(owner.upstream).info(owner.name, owner.upstream, ...extras);
  }
}

/**
 * A list page of one upstream is decided on that upstream's own definitions: replicas sharing a
 * namespace each keep their own first-seen hashes and approvals (engine/mediator/merged-list.ts).
 */
export interface PerUpstreamTools {
  observePage(upstream: string, tools: readonly JsonValue[], seenAt: string): void;
  pageInfo(upstream: string, name: string): ToolInfo;
}

export function isPerUpstream(registry: ToolRegistry): registry is ToolRegistry & PerUpstreamTools {
  return registry instanceof NamespacedTools;
}

function isNamed(value: JsonValue): value is JsonObject & { name: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.name === 'string';
}
