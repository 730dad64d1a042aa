/**
 * A list answer merged from several upstreams (engine/router) is decided once per upstream, on
 * that upstream's own page with its own names, exactly as when the upstream is fronted alone: a
 * policy that hides `get-env` of one server hides it behind aggregation too. Each page is then
 * filtered and redacted by its own decision, and only then merged and namespaced for the client.
 * A denied page leaves that upstream's items out; when every page is denied the answer is denied.
 * The journal gets one entry for the answer, naming each upstream's decision in `parts`.
 */
import type { JsonObject, JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import type { AnsweredRequest, TimeInfo, ToolInfo } from '../decision/input.js';
import type { Decided } from '../decision/verdict.js';
import type { DecisionPart } from './audit.js';
import { duplicateToolName, duplicateToolReason } from '../session/registry.js';
import type { ListParts } from '../session/session.js';
import { JOURNAL_FAILED, decide, type Plan, type PlanContext } from './plan.js';
import { plan, reply, type Step } from './plan-parts.js';
import { redact } from './redact.js';
import { filterToolList, unfiltered } from './tool-filter.js';
import { isPerUpstream } from '../router/tool-view.js';

export function planMergedList(
  ctx: PlanContext, response: JsonRpcMessage, answers: AnsweredRequest, requesterId: RequestId, parts: ListParts, time: TimeInfo,
): Plan {
  const decidedParts: Array<{ upstream: string; result: JsonObject }> = [];
  const outcomes: DecisionPart[] = [];
  const hidden: string[] = [];
  let redacted = 0;
  let policyDigest: string | null = null;
  for (const part of parts.parts) {
    const tools = answers.method === 'tools/list' ? toolsOf(ctx, part.upstream, part.message.result, parts, time.rfc3339) : undefined;
    if (typeof tools === 'string') {
      outcomes.push({ upstream: part.upstream, decision_id: ctx.newDecisionId(), allow: false, reasons: [tools] });
      continue;
    }
    const step = decide(ctx, 'upstream', part.message, { answers: part.answers, tools, time });
    const { verdict } = step.decided;
    policyDigest ??= step.decided.policyDigest;
    const outcome: DecisionPart = { upstream: part.upstream, decision_id: step.decisionId, allow: verdict.allowed, reasons: verdict.reasons };
    outcomes.push(outcome);
    if (!verdict.allowed) continue;
    const filtered = tools ? filterToolList(part.message.result, verdict.visibleTools) : unfiltered(part.message.result);
    const clean = redact(filtered.result, filtered.redactions(verdict.redactions));
    redacted += clean.count;
    if (filtered.hidden.length > 0) {
      outcome.hidden_tools = filtered.hidden;
      hidden.push(...filtered.hidden.map((name) => parts.shown(part.upstream, name)));
    }
    decidedParts.push({ upstream: part.upstream, result: clean.value });
  }
  const allowed = decidedParts.length > 0;
  const reasons = allowed ? [] : outcomes.flatMap((o) => o.reasons.map((r) => `${o.upstream}: ${r}`));
  const decided: Decided = {
    verdict: { allowed, reasons, visibleTools: null, redactions: [], route: null, failure: allowed ? null : reasons.join('; ') },
    policyDigest,
  };
  const step: Step = { decisionId: ctx.newDecisionId(), from: 'upstream', message: response, decided, tool: undefined, answers, upstream: '*', parts: outcomes };
  const failure = [reply('client', requesterId, [JOURNAL_FAILED], step.decisionId)];
  return allowed
    ? plan(ctx, step, 'forward', [{ to: 'client', message: forwarded(ctx, requesterId, parts.merge(decidedParts), answers) }], failure, { hiddenTools: hidden, redacted })
    : plan(ctx, step, 'deny', [reply('client', requesterId, reasons, step.decisionId)], failure);
}

function forwarded(ctx: PlanContext, id: RequestId, result: JsonObject, answers: AnsweredRequest): JsonRpcMessage {
  const shown = answers.method === 'tools/list' && ctx.toolSearch ? ctx.toolSearch.present(result, answers.params) : result;
  return { jsonrpc: '2.0', id, result: shown };
}

/**
 * Every tool of one upstream's page by its own name (the registry already observed the merged
 * listing); the refusal when the page names a tool twice.
 */
function toolsOf(ctx: PlanContext, upstream: string, result: JsonObject, parts: ListParts, seenAt: string): Record<string, ToolInfo> | undefined | string {
  if (!Array.isArray(result.tools)) return undefined;
  const duplicate = duplicateToolName(result.tools);
  if (duplicate !== undefined) return duplicateToolReason(duplicate);
  const registry = ctx.session.tools;
  // Replicas of one namespace keep their own definitions: each page is judged on its upstream's.
  if (isPerUpstream(registry)) registry.observePage(upstream, result.tools, seenAt);
  const tools: Record<string, ToolInfo> = {};
  for (const tool of result.tools) {
    if (typeof tool !== 'object' || tool === null || Array.isArray(tool) || typeof tool.name !== 'string') continue;
    tools[tool.name] = isPerUpstream(registry) ? registry.pageInfo(upstream, tool.name) : registry.info(parts.shown(upstream, tool.name), upstream);
  }
  return tools;
}
