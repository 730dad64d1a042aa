/**
 * How the mediator plans around tool search (engine/search): a client's call of
 * `retrieve_tools` is decided by the policy like any tools/call (the meta-tool is presented as
 * a read-only tool of the server "mcp-warden"), journaled, and, if allowed, answered by the
 * warden itself, never forwarded; a tools/list answer the policy already filtered is replaced
 * by the meta-tool and the favourites. Calls of the tools a search found go through the policy
 * as usual: search reveals definitions, it grants nothing.
 */
import type { JsonRpcRequest, JsonValue } from '../protocol/jsonrpc.js';
import { buildInput, type ToolInfo } from '../decision/input.js';
import { retrieveArguments, retrieveToolsDefinition, RETRIEVE_TOOLS } from '../search/retrieve-tools.js';
import type { ToolSearch } from '../search/tool-search.js';
import { toolDefinitionHash } from '../session/tool-hash.js';
import { DIRECTION, plan, reply, type Step } from './plan-parts.js';
import { JOURNAL_FAILED, safeDecide, type Plan, type PlanContext } from './plan.js';

/** `input.tool.server` of the meta-tool: it is the warden's, not the upstream's. */
export const WARDEN_SERVER = 'mcp-warden';

/** Plans a client's retrieve_tools call: the policy decides, the warden answers. */
export function planRetrieveTools(ctx: PlanContext, search: ToolSearch, request: JsonRpcRequest): Plan {
  const { session } = ctx;
  const tool = metaToolInfo(ctx, search, request.params?.arguments);
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
 * The meta-tool as the policy sees it. Its definition is the warden's own code, not an
 * upstream's, so it counts as approved (quarantine is for definitions a server can change under
 * you; a policy can still refuse `input.tool.server == "mcp-warden"`). Its arguments are checked
 * here, as the registry checks an upstream tool's against its inputSchema.
 */
function metaToolInfo(ctx: PlanContext, search: ToolSearch, args: JsonValue | undefined): ToolInfo {
  const max = search.settings.maxResults;
  let hash = metaHashes.get(max);
  if (hash === undefined) metaHashes.set(max, hash = toolDefinitionHash(retrieveToolsDefinition(max)));
  const problem = retrieveArguments(args, max);
  return {
    ...ctx.session.tools.info(RETRIEVE_TOOLS, WARDEN_SERVER),
    known: true, hash, first_hash: hash, first_seen: null, changed: false, approved: true, changed_since_approval: false,
    annotations: { readOnlyHint: true, idempotentHint: true },
    arguments_valid: typeof problem !== 'string',
    argument_errors: typeof problem === 'string' ? [{ path: '', message: problem }] : [],
  };
}
