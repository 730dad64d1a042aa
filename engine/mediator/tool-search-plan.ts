/**
 * How the mediator plans around tool search (engine/search): a client's call of
 * `retrieve_tools` is decided by the policy like any tools/call (the meta-tool is presented as
 * a read-only tool of the server "mcp-warden"), journaled, and, if allowed, answered by the
 * warden itself, never forwarded; a tools/list answer the policy already filtered is replaced
 * by the meta-tool and the favourites. Calls of the tools a search found go through the policy
 * as usual: search reveals definitions, it grants nothing.
 */
import type { JsonRpcRequest } from '../protocol/jsonrpc.js';
import { buildInput, type ToolInfo } from '../decision/input.js';
import { retrieveToolsDefinition, RETRIEVE_TOOLS } from '../search/retrieve-tools.js';
import type { ToolSearch } from '../search/tool-search.js';
import { toolDefinitionHash } from '../session/tool-hash.js';
import { DIRECTION, plan, reply, type Step } from './plan-parts.js';
import { JOURNAL_FAILED, safeDecide, type Plan, type PlanContext } from './plan.js';

/** `input.tool.server` of the meta-tool: it is the warden's, not the upstream's. */
export const WARDEN_SERVER = 'mcp-warden';

/** Plans a client's retrieve_tools call: the policy decides, the warden answers. */
export function planRetrieveTools(ctx: PlanContext, search: ToolSearch, request: JsonRpcRequest): Plan {
  const { session } = ctx;
  const tool = metaToolInfo(ctx, search);
  const input = buildInput(request, {
    direction: DIRECTION.client, session: session.info(), principal: session.principal,
    upstream: session.upstream, time: ctx.now(), tool,
  });
  const decided = safeDecide(ctx.decider, input);
  const step: Step = { decisionId: ctx.newDecisionId(), from: 'client', message: request, decided, tool, input };
  const failure = [reply('client', request.id, [JOURNAL_FAILED], step.decisionId)];
  if (!decided.verdict.allowed) {
    return plan(ctx, step, 'deny', [reply('client', request.id, decided.verdict.reasons, step.decisionId)], failure);
  }
  const { result, found } = search.answer(request.params?.arguments);
  const answered = plan(ctx, step, 'answer', [{ to: 'client', message: { jsonrpc: '2.0', id: request.id, result } }], failure);
  // The journal says which definitions the search revealed, not just that one ran.
  return { ...answered, entry: { ...answered.entry, retrieved_tools: found } };
}

const metaHashes = new Map<number, string>();

/**
 * Fields the warden knows nothing about (approval state and the like) are whatever the registry
 * says of an unseen tool; what the warden knows of its own tool overrides them.
 */
function metaToolInfo(ctx: PlanContext, search: ToolSearch): ToolInfo {
  const max = search.settings.maxResults;
  let hash = metaHashes.get(max);
  if (hash === undefined) metaHashes.set(max, hash = toolDefinitionHash(retrieveToolsDefinition(max)));
  return {
    ...ctx.session.tools.info(RETRIEVE_TOOLS, WARDEN_SERVER),
    known: true, hash, first_hash: hash, first_seen: null, changed: false,
    annotations: { readOnlyHint: true, idempotentHint: true },
  };
}
