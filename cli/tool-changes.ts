/**
 * How a tool's definition changed since its approval, as `warden tools diff` and a bulk approve's
 * held-back listing print it: one block per member that differs, `-` the approved value and `+`
 * the current one, as compact JSON (a description's newlines stay `\n`, so one value is one line).
 */
import { definitionChanges, type DefinitionChange } from '../engine/approvals/definition-diff.js';
import { keptDefinition } from '../engine/approvals/definitions.js';
import type { ToolRow } from '../engine/approvals/tool-approvals.js';
import type { JsonValue } from '../engine/protocol/jsonrpc.js';

/** The lines showing what changed in `row` (status changed), each indented by `indent`. */
export async function changeLines(stateDir: string, row: ToolRow, indent = '  '): Promise<string[]> {
  if (row.approval === undefined) return [`${indent}never approved: nothing to compare with`];
  const approved = await keptDefinition(stateDir, row.approval.hash);
  if ('missing' in approved) return [`${indent}the approved definition cannot be shown: ${approved.missing}`];
  if (row.definition === undefined) return [`${indent}the current definition cannot be shown: the tool store kept only its hash`];
  const changes = definitionChanges(approved.definition, row.definition);
  if (changes.length === 0) return [`${indent}no member differs (the definitions hash alike)`];
  return changes.flatMap((c) => block(c, indent));
}

function block(change: DefinitionChange, indent: string): string[] {
  const name = change.path === '' ? '(the whole definition)' : change.path;
  const what = change.before === undefined ? ' (added)' : change.after === undefined ? ' (removed)' : '';
  return [
    `${indent}${name}${what}:`,
    ...(change.before === undefined ? [] : [`${indent}  - ${json(change.before)}`]),
    ...(change.after === undefined ? [] : [`${indent}  + ${json(change.after)}`]),
  ];
}

function json(value: JsonValue): string {
  return JSON.stringify(value);
}
