/**
 * The input document a policy sees for one JSON-RPC message (docs/policy-contract.md).
 * Building it is pure: the session supplies what it knows, this module only shapes it, so the
 * contract lives in one place. Keys are snake_case because policy authors read them in Rego.
 */
import type {
  JsonObject, JsonRpcErrorObject, JsonRpcMessage, MessageKind, RequestId,
} from '../protocol/jsonrpc.js';
import { messageKind } from '../protocol/jsonrpc.js';

export type Direction = 'client_to_server' | 'server_to_client';

/** `ns` is a bigint because epoch nanoseconds exceed 2^53; encodeInput writes it as an exact integer. */
export interface TimeInfo { rfc3339: string; ns: bigint }

export interface Principal {
  id: string;
  authenticated_by: string;
  claims: JsonObject;
  roles: string[];
}

export interface SessionInfo {
  id: string;
  transport: string;
  protocol_version: string | null;
  client: JsonObject | null;
  server: JsonObject | null;
}

/** One way a tools/call's arguments miss the tool's inputSchema: a JSON Pointer into the arguments. */
export interface ArgumentError { path: string; message: string }

/** What the warden knows about a tool from the tools/list results it has seen (never from the caller). */
export interface ToolInfo {
  name: string;
  server: string;
  known: boolean;
  hash: string | null;
  first_hash: string | null;
  first_seen: string | null;
  changed: boolean;
  /** The current definition is the one approved (`warden tools approve`). */
  approved: boolean;
  /** An approval exists, for another definition. */
  changed_since_approval: boolean;
  annotations: JsonObject;
  /** tools/call requests only: the arguments match the tool's inputSchema. */
  arguments_valid?: boolean;
  argument_errors?: ArgumentError[];
}

/** An upstream that could serve a request of an aggregated session (docs/routing.md). */
export interface Candidate {
  name: string;
  /** Marked `private: true` in the config. */
  private: boolean;
  /** The namespace its names are shown under; upstreams sharing one are replicas of each other. */
  namespace: string;
  /** Connected and initialized now. */
  available: boolean;
  endpoints: number;
}

/** How the client named what an aggregated session's message is about (docs/routing.md). */
export interface Namespaced {
  /** The tool or prompt name, or the URI, as the client sees it (`github__create_issue`, `github+repo://x`). */
  name: string;
  namespace: string;
}

/** The request a response answers, as the warden remembered it when forwarding the request. */
export interface AnsweredRequest { id: RequestId; method: string; params: JsonObject | null }

export interface DecisionInput {
  direction: Direction;
  kind: MessageKind;
  method: string | null;
  id: RequestId | null;
  params?: JsonObject;
  result?: JsonObject;
  error?: JsonRpcErrorObject;
  request?: { id: RequestId; params: JsonObject | null };
  tool?: ToolInfo;
  tools?: Record<string, ToolInfo>;
  session: SessionInfo;
  principal: Principal;
  upstream: string;
  /** Client requests of an aggregated session: every upstream that could serve it, in config order. */
  candidates?: Candidate[];
  /** Aggregated sessions: the client-visible name behind the upstream's own one in params and tool. */
  namespaced?: Namespaced;
  time: TimeInfo;
}

export interface InputContext {
  direction: Direction;
  session: SessionInfo;
  principal: Principal;
  upstream: string;
  time: TimeInfo;
  /** For responses and errors: the request they answer. */
  answers?: AnsweredRequest;
  /** For tools/call requests and their responses. */
  tool?: ToolInfo;
  /** For tools/list responses: every listed tool by name, as a tools/call would see it. */
  tools?: Record<string, ToolInfo>;
  candidates?: Candidate[];
  namespaced?: Namespaced;
}

export function buildInput(message: JsonRpcMessage, ctx: InputContext): DecisionInput {
  const kind = messageKind(message);
  const input: DecisionInput = {
    direction: ctx.direction,
    kind,
    method: 'method' in message ? message.method : ctx.answers?.method ?? null,
    id: 'id' in message ? message.id : null,
    session: ctx.session,
    principal: ctx.principal,
    upstream: ctx.upstream,
    time: ctx.time,
  };
  if ('method' in message) input.params = message.params ?? {};
  if ('result' in message) input.result = message.result;
  if ('error' in message) input.error = message.error;
  if (ctx.answers && !('method' in message)) input.request = { id: ctx.answers.id, params: ctx.answers.params };
  if (ctx.tool) input.tool = ctx.tool;
  if (ctx.tools) input.tools = ctx.tools;
  if (ctx.candidates) input.candidates = ctx.candidates;
  if (ctx.namespaced) input.namespaced = ctx.namespaced;
  return input;
}

/** The tool a message is about: the name in a tools/call request, or in the request a response answers. */
export function toolNameOf(message: JsonRpcMessage, answers?: AnsweredRequest): string | undefined {
  const method = 'method' in message ? message.method : answers?.method;
  const params = 'method' in message ? message.params : answers?.params ?? undefined;
  if (method !== 'tools/call') return undefined;
  const name = params?.name;
  return typeof name === 'string' ? name : undefined;
}
