/**
 * Tool search for one session. When it is on, a tools/list answer (already filtered and redacted
 * by the policy's listing decision) is kept as the set of tools this principal may find, and the
 * client is shown only `retrieve_tools` plus the configured favourites among those tools. A
 * search never reaches beyond the last listing, so it can return nothing the policy hid.
 *
 * The session's upstream may itself offer a tool named `retrieve_tools`: the warden's meta-tool
 * takes the name, and the upstream's tool is neither listed nor searchable.
 */
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import { retrieveArguments, retrieveToolsDefinition, retrieveToolsError, retrieveToolsResult, RETRIEVE_TOOLS } from './retrieve-tools.js';
import { toolDefinitions, toolIndexFor, type ToolDefinition, type ToolIndex } from './tool-index.js';

export interface ToolSearchSettings {
  /** Tools listed as they are next to the meta-tool (when the policy lets the principal see them). */
  favourites: readonly string[];
  /** The most tools one retrieve_tools call returns. */
  maxResults: number;
}

export const DEFAULT_MAX_RESULTS = 20;

export class ToolSearch {
  readonly settings: ToolSearchSettings;
  readonly #favourites: Set<string>;
  /** The tools of the last listing (all its pages), by name; undefined before any listing. */
  #allowed: Map<string, ToolDefinition> | undefined;
  /** Built on the first search after a listing; shared with sessions allowed the same tools. */
  #index: ToolIndex | undefined;

  constructor(settings: ToolSearchSettings) {
    this.settings = settings;
    this.#favourites = new Set(settings.favourites);
  }

  /** Whether a client request is a call of the meta-tool, which the warden answers itself. */
  handles(method: string, params: JsonObject | undefined): boolean {
    return method === 'tools/call' && params?.name === RETRIEVE_TOOLS;
  }

  /**
   * Replaces a tools/list result by the meta-tool and the favourites, remembering its tools.
   * A page asked for with a cursor adds to the tools of the pages before it; a first page starts over.
   */
  present(result: JsonObject, requestParams: JsonObject | null): JsonObject {
    if (!Array.isArray(result.tools)) return result;
    const tools = toolDefinitions(result.tools).filter((t) => t.name !== RETRIEVE_TOOLS);
    const continued = requestParams !== null && typeof requestParams.cursor === 'string';
    if (!continued || !this.#allowed) this.#allowed = new Map();
    for (const tool of tools) this.#allowed.set(tool.name, tool);
    this.#index = undefined;
    const shown: JsonValue[] = tools.filter((t) => this.#favourites.has(t.name));
    if (!continued) shown.unshift(retrieveToolsDefinition(this.settings.maxResults));
    return { ...result, tools: shown };
  }

  /** The CallToolResult of a retrieve_tools call with these arguments. */
  answer(args: JsonValue | undefined): { result: JsonObject; found: string[] } {
    const parsed = retrieveArguments(args, this.settings.maxResults);
    if (typeof parsed === 'string') return { result: retrieveToolsError(`retrieve_tools: ${parsed}`), found: [] };
    if (!this.#allowed) return { result: retrieveToolsError('retrieve_tools: no tools are known yet; list the tools (tools/list) first'), found: [] };
    this.#index ??= toolIndexFor([...this.#allowed.values()]);
    const result = retrieveToolsResult(this.#index, parsed);
    const found = (result.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
    return { result, found };
  }

  /** The searchable tool names, for tests and diagnostics. */
  allowedNames(): string[] {
    return [...this.#allowed?.keys() ?? []];
  }
}
