/**
 * Evaluates a loaded policy on representative messages before it is put in force. The first
 * evaluations pay one-off costs (wasm tier-up, host regex compilation, lazy module loading)
 * that would otherwise delay the first real messages.
 */
import type { DecisionInput, ToolInfo } from '../decision/input.js';
import { buildInput } from '../decision/input.js';
import { timeInfo } from '../decision/clock.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { InputReads } from '../compiler/plan/input-reads.js';
import { DEFAULT_BUDGET_MS, evaluateDecision, type WasmEvaluator } from './evaluate.js';

/**
 * The outcomes are discarded, so the default budget is enough: a policy that loops without
 * end on a sample must cost its load a bounded moment, not the fuel of an unbounded budget.
 */
export function warmUp(evaluator: WasmEvaluator, entrypoint: number | string, reads?: InputReads): void {
  for (const input of samples()) evaluateDecision(evaluator, input, { entrypoint, budgetMs: DEFAULT_BUDGET_MS, reads });
}

function samples(): DecisionInput[] {
  const tool: ToolInfo = {
    name: 'warmup', server: 'warmup', known: true, hash: null, first_hash: null, first_seen: null, changed: false,
    approved: true, changed_since_approval: false, annotations: {},
  };
  // Only a tools/call request carries the argument check; an approved, valid call walks the
  // shipped policy's argument rules too.
  const requested: ToolInfo = { ...tool, arguments_valid: true, argument_errors: [] };
  const call = { id: 0, method: 'tools/call', params: { name: 'warmup', arguments: { path: '/warmup', text: 'warm up' } } };
  const messages: Array<[JsonRpcMessage, Partial<Parameters<typeof buildInput>[1]>]> = [
    [{ jsonrpc: '2.0', ...call }, { direction: 'client_to_server', tool: requested }],
    [{ jsonrpc: '2.0', id: 0, result: { tools: [{ name: 'warmup' }] } },
      { direction: 'server_to_client', answers: { id: 0, method: 'tools/list', params: null }, tools: { warmup: tool } }],
    [{ jsonrpc: '2.0', id: 0, result: { content: [{ type: 'text', text: 'warm up' }] } },
      { direction: 'server_to_client', answers: { ...call, params: call.params }, tool }],
  ];
  return messages.map(([message, extra]) => buildInput(message, {
    direction: 'client_to_server',
    session: { id: 'warmup', transport: 'warmup', protocol_version: null, client: null, server: null },
    principal: { id: 'warmup', authenticated_by: 'none', claims: {}, roles: [] },
    upstream: 'warmup',
    time: timeInfo(),
    ...extra,
  }));
}
