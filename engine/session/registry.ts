/**
 * Tools as the upstream announced them in tools/list results. The first definition seen is the
 * trust anchor: a later listing with a different definition marks the tool `changed` (the
 * "rug pull" MCP servers can do after a user approved a tool). Share one registry across the
 * sessions of an upstream to keep that anchor for the upstream's lifetime.
 */
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import type { ToolInfo } from '../decision/input.js';
import { toolDefinitionHash } from './tool-hash.js';

export interface ToolRecord {
  name: string;
  hash: string;
  firstHash: string;
  firstSeen: string;
  lastSeen: string;
  annotations: JsonObject;
}

export class ToolRegistry {
  readonly #tools = new Map<string, ToolRecord>();

  /** Records every well-formed tool of a listing; entries without a string name are ignored. */
  observe(tools: readonly JsonValue[], seenAt: string): ToolRecord[] {
    const seen: ToolRecord[] = [];
    for (const tool of tools) {
      if (!isNamedTool(tool)) continue;
      seen.push(this.#record(tool, seenAt));
    }
    return seen;
  }

  get(name: string): ToolRecord | undefined {
    return this.#tools.get(name);
  }

  /** The tool as a policy sees it; unknown tools get known=false and null hashes. */
  info(name: string, server: string): ToolInfo {
    const r = this.#tools.get(name);
    if (!r) {
      return { name, server, known: false, hash: null, first_hash: null, first_seen: null, changed: false, annotations: {} };
    }
    return {
      name, server, known: true, hash: r.hash, first_hash: r.firstHash, first_seen: r.firstSeen,
      changed: r.hash !== r.firstHash, annotations: r.annotations,
    };
  }

  #record(tool: JsonObject & { name: string }, seenAt: string): ToolRecord {
    const hash = toolDefinitionHash(tool);
    const annotations = isObject(tool.annotations) ? tool.annotations : {};
    const previous = this.#tools.get(tool.name);
    const record: ToolRecord = previous
      ? { ...previous, hash, lastSeen: seenAt, annotations }
      : { name: tool.name, hash, firstHash: hash, firstSeen: seenAt, lastSeen: seenAt, annotations };
    this.#tools.set(tool.name, record);
    return record;
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNamedTool(value: JsonValue): value is JsonObject & { name: string } {
  return isObject(value) && typeof value.name === 'string';
}
