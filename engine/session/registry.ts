/**
 * Tools as the upstream announced them in tools/list results. The first definition seen is the
 * trust anchor: a later listing with a different definition marks the tool `changed` (the
 * "rug pull" MCP servers can do after a user approved a tool). Share one registry across the
 * sessions of an upstream to keep that anchor for the upstream's lifetime, and persist it
 * (tool-store.ts) to keep it across restarts.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/jsonrpc.js';
import type { ToolInfo } from '../decision/input.js';
import { extendedPart, frozenPart } from '../decision/encode.js';
import { ArgumentChecker, type ArgumentCheck } from './tool-arguments.js';
import { toolDefinitionHash } from './tool-hash.js';

export interface ToolRecord {
  name: string;
  hash: string;
  firstHash: string;
  firstSeen: string;
  lastSeen: string;
  annotations: JsonObject;
  /** The latest definition as listed (absent for records stored before definitions were kept). */
  definition?: JsonObject;
}

/** The approved definition hash of a tool of this registry's upstream, if any. */
export type ApprovalLookup = (tool: string) => { hash: string } | undefined;

export interface ToolRegistryOptions {
  /** Records known from an earlier run: their first hashes stay the trust anchors. */
  records?: Iterable<ToolRecord>;
  /** Called after a listing changed the registry, e.g. to persist it. */
  onChange?: () => void;
  /** Approvals of this upstream's tools (`warden tools approve`); without it nothing is approved. */
  approvals?: ApprovalLookup;
  /** Shares compiled inputSchemas between registries (default: one per process). */
  checker?: ArgumentChecker;
}

/** What a tools/call request carries, for the argument check. */
export interface ToolCall { arguments: JsonValue | undefined }

const sharedChecker = new ArgumentChecker();

/** Thrown by observe: a listing that names a tool twice cannot be recorded honestly. */
export class DuplicateToolError extends Error {
  override readonly name = 'DuplicateToolError';
  constructor(readonly toolName: string) {
    super(duplicateToolReason(toolName));
  }
}

/** Long names are cut so an upstream cannot blow up journal reasons with one. */
export function duplicateToolReason(toolName: string): string {
  const shown = toolName.length > 120 ? `${toolName.slice(0, 120)}...` : toolName;
  return `duplicate tool name ${JSON.stringify(shown)} in tools/list`;
}

/**
 * The first name announced twice in one listing. A client keeps one of the definitions and the
 * policy would see another, so a listing with duplicates is refused whole.
 */
export function duplicateToolName(tools: readonly JsonValue[]): string | undefined {
  const names = new Set<string>();
  for (const tool of tools) {
    if (!isNamedTool(tool)) continue;
    if (names.has(tool.name)) return tool.name;
    names.add(tool.name);
  }
  return undefined;
}

export class ToolRegistry {
  readonly #tools = new Map<string, ToolRecord>();
  /** Each listed tool's description last handed out, and what it was made from. */
  readonly #described = new Map<string, { record: ToolRecord; server: string; approved: string | undefined; info: Readonly<ToolInfo> }>();
  readonly #onChange: (() => void) | undefined;
  readonly #approvals: ApprovalLookup;
  readonly #checker: ArgumentChecker;

  constructor(options: ToolRegistryOptions = {}) {
    for (const record of options.records ?? []) this.#tools.set(record.name, { ...record });
    this.#onChange = options.onChange;
    this.#approvals = options.approvals ?? (() => undefined);
    this.#checker = options.checker ?? sharedChecker;
  }

  /**
   * Records every well-formed tool of a listing; entries without a string name are ignored.
   * Throws DuplicateToolError, recording nothing, when a name appears twice.
   */
  observe(tools: readonly JsonValue[], seenAt: string): ToolRecord[] {
    const duplicate = duplicateToolName(tools);
    if (duplicate !== undefined) throw new DuplicateToolError(duplicate);
    const seen: ToolRecord[] = [];
    for (const tool of tools) {
      if (!isNamedTool(tool)) continue;
      seen.push(this.#record(tool, seenAt));
    }
    if (seen.length > 0) this.#onChange?.();
    this.#checker.prepareFor(tools);
    return seen;
  }

  get(name: string): ToolRecord | undefined {
    return this.#tools.get(name);
  }

  /** Every record, for persisting; copies, so a caller cannot move a trust anchor. */
  records(): ToolRecord[] {
    return [...this.#tools.values()].map((r) => ({ ...r }));
  }

  /**
   * The tool as a policy sees it; unknown tools get known=false and null hashes. With `call` (a
   * tools/call request) it also says whether the arguments match the tool's inputSchema.
   */
  info(name: string, server: string, call?: ToolCall): ToolInfo {
    const r = this.#tools.get(name);
    const info = r ? this.#known(r, server) : unknownTool(name, server);
    if (!call) return info;
    const check = this.#check(r, call);
    return extendedPart(info, { arguments_valid: check.valid, argument_errors: check.errors });
  }

  /**
   * A listed tool as the policy sees it, made once per definition, server and approval: it is
   * frozen, so the decision input takes its JSON text once (decision/encode.ts frozenPart)
   * rather than in every decision about the tool and for every tool of every listing.
   */
  #known(r: ToolRecord, server: string): Readonly<ToolInfo> {
    const approved = this.#approvals(r.name)?.hash;
    const kept = this.#described.get(r.name);
    if (kept && kept.record === r && kept.server === server && kept.approved === approved) return kept.info;
    const info = frozenPart<ToolInfo>({
      name: r.name, server, known: true, hash: r.hash, first_hash: r.firstHash, first_seen: r.firstSeen,
      changed: r.hash !== r.firstHash, approved: approved === r.hash, changed_since_approval: approved !== undefined && approved !== r.hash,
      annotations: r.annotations,
    });
    this.#described.set(r.name, { record: r, server, approved, info });
    return info;
  }

  #check(record: ToolRecord | undefined, call: ToolCall): ArgumentCheck {
    if (!record) return unchecked('the upstream has not listed this tool, so its arguments cannot be checked');
    if (!record.definition) return unchecked('the tool has not been listed since warden started, so its arguments cannot be checked');
    return this.#checker.check(record.hash, record.definition.inputSchema, call.arguments);
  }

  #record(tool: JsonObject & { name: string }, seenAt: string): ToolRecord {
    const hash = toolDefinitionHash(tool);
    const annotations = isJsonObject(tool.annotations) ? tool.annotations : {};
    const previous = this.#tools.get(tool.name);
    const record: ToolRecord = previous
      ? { ...previous, hash, lastSeen: seenAt, annotations, definition: tool }
      : { name: tool.name, hash, firstHash: hash, firstSeen: seenAt, lastSeen: seenAt, annotations, definition: tool };
    this.#tools.set(tool.name, record);
    return record;
  }
}

/** A tool no listing named (a name the client made up, say): not kept, since any name can come. */
function unknownTool(name: string, server: string): ToolInfo {
  return {
    name, server, known: false, hash: null, first_hash: null, first_seen: null, changed: false,
    approved: false, changed_since_approval: false, annotations: {},
  };
}

function unchecked(message: string): ArgumentCheck {
  return { valid: false, errors: [{ path: '', message }] };
}

function isNamedTool(value: JsonValue): value is JsonObject & { name: string } {
  return isJsonObject(value) && typeof value.name === 'string';
}
