/**
 * `warden tools list|diff|approve|revoke`: the tools warden has seen and their approvals. The shipped
 * policy quarantines a tool (hidden and refused) until its current definition is approved; a
 * running warden picks an approval up at once and journals it with who made it.
 */
import { userInfo } from 'node:os';
import { approveTools, keepApprovedRows, revokeTools, select, toolRows, ToolSelectionError, type ToolRow } from '../../engine/approvals/tool-approvals.js';
import type { ApprovalRecord } from '../../engine/approvals/record.js';
import { defaultStateDir } from '../home.js';
import { errorMessage } from '../log.js';
import { CommandFailure, EXIT_USAGE, optionalString, parse, UsageError, type Command, type Parsed } from '../usage.js';
import { visibleEscapes } from '../visible-escapes.js';
import { changeLines } from '../tool-changes.js';

const usage = `Usage: warden tools list [--upstream NAME] [--json] [TOOL...]
       warden tools diff [--upstream NAME] [TOOL...]
       warden tools approve [--upstream NAME] [--by NAME] [--hash HASH] [--include-changed] [TOOL...]
       warden tools revoke [--upstream NAME] [--by NAME] [TOOL...]

The tools warden has seen in upstreams' tools/list results, and their approvals. The shipped
policy hides and refuses a tool until its current definition is approved, and again after the
definition changes. A running warden applies an approval or revocation at once (no restart) and
journals it; one made while no warden runs is journaled when warden next starts.

  list      each tool: upstream, name, definition hash, first seen, and its status: approved,
            new (never approved) or changed (approved in another definition)
  diff      what changed in each tool's definition since its approval, member by member
            (description, inputSchema, annotations...): - approved, + now; with no TOOL
            named, every changed tool in scope
  approve   approves the current definition of the tools; with no TOOL named, every new tool
            in scope, but not one whose definition changed since its approval (a "rug
            pull"): those are listed, with what changed, and left quarantined until named
            or --include-changed
  revoke    removes their approvals (all in scope when no TOOL is named)

Options:
  --upstream NAME   only this upstream's tools (needed when two upstreams list the TOOL)
  --by NAME         who approves or revokes, for the journal (default: the OS user)
  --hash HASH       approve only if the tool's definition hash is still HASH (the one reviewed)
  --include-changed with no TOOL named, also approve tools whose definition changed
  --json            list as JSON, with each tool's full definition
  -h, --help        show this help

State: $MCP_WARDEN_HOME/state (tools/ and approvals/). Exit codes: 0 done; 1 failed, also a tool
or upstream warden has not seen, a definition changed since the --hash reviewed, and a bulk approve
that held back changed definitions (the others are approved); 2 usage, also a --hash that is not
a whole definition hash.`;

const options = {
  upstream: { type: 'string' },
  by: { type: 'string' },
  hash: { type: 'string' },
  json: { type: 'boolean' },
  'include-changed': { type: 'boolean' },
} as const;

export const toolsCommand: Command = {
  summary: 'list, diff, approve or revoke the tools upstreams offer',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const [action, ...tools] = parsed.positionals;
    const upstream = optionalString(parsed.values, 'upstream');
    const selection = { ...(upstream === undefined ? {} : { upstream }), tools };
    const stateDir = defaultStateDir();
    try {
      switch (action) {
        case 'list':
          onlyFor('list', parsed.values, ['by', 'hash', 'include-changed']);
          return list(select(await readRows(stateDir), selection), parsed.values.json === true);
        case 'diff':
          onlyFor('diff', parsed.values, ['by', 'hash', 'include-changed', 'json']);
          return diff(stateDir, select(await readRows(stateDir), selection), tools.length > 0);
        case 'approve': {
          onlyFor(action, parsed.values, ['json']);
          if (parsed.values['include-changed'] === true && tools.length > 0) throw new UsageError('--include-changed is for approving with no TOOL named; a named tool is approved changed or not');
          const hash = optionalString(parsed.values, 'hash');
          const outcome = await approveTools(stateDir, selection, { by: approver(parsed.values), includeChanged: parsed.values['include-changed'] === true, ...(hash === undefined ? {} : { hash }) });
          report(action, outcome.records, outcome.heldBack.length > 0);
          return reportHeldBack(stateDir, outcome.heldBack);
        }
        case 'revoke':
          onlyFor(action, parsed.values, ['json', 'hash', 'include-changed']);
          return report(action, await revokeTools(stateDir, selection, { by: approver(parsed.values) }));
        default:
          throw new UsageError(action === undefined ? 'missing the action (list, diff, approve or revoke)' : `unknown action "${action}"`);
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new CommandFailure(errorMessage(error), error instanceof ToolSelectionError && error.usage ? EXIT_USAGE : 1);
    }
  },
};

/**
 * The rows, after keeping the approved definitions not kept yet (definitions.ts: stores from
 * before they were kept). Not keeping them costs only a later diff, so it is a warning here.
 */
async function readRows(stateDir: string): Promise<ToolRow[]> {
  const rows = await toolRows(stateDir);
  await keepApprovedRows(stateDir, rows).catch((error: unknown) => process.stderr.write(`warden: cannot keep the approved tool definitions: ${errorMessage(error)}\n`));
  return rows;
}

/** Each changed tool (or each named one) and what changed in it. */
async function diff(stateDir: string, rows: readonly ToolRow[], named: boolean): Promise<number> {
  const shown = named ? rows : rows.filter((r) => r.status === 'changed');
  if (shown.length === 0) {
    process.stdout.write('no tool changed since its approval\n');
    return 0;
  }
  for (const r of shown) {
    const lines = r.status === 'changed' ? await changeLines(stateDir, r) : [];
    process.stdout.write(visibleEscapes(`${[`${r.upstream} ${r.tool}: ${describe(r)}`, ...lines].join('\n')}\n`));
  }
  return 0;
}

function approver(values: Parsed['values']): string {
  return optionalString(values, 'by') ?? userInfo().username;
}

function onlyFor(action: string, values: Record<string, unknown>, refused: string[]): void {
  const given = refused.find((name) => values[name] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} does not apply to "tools ${action}"`);
}

function list(rows: readonly ToolRow[], json: boolean): number {
  if (json) {
    process.stdout.write(`${visibleEscapes(JSON.stringify(rows.map(jsonRow), null, 2))}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('no tools seen yet: warden records them from upstreams\' tools/list results\n');
    return 0;
  }
  const table = rows.map((r) => [r.upstream, r.tool, r.hash.slice(0, 12), r.firstSeen, describe(r)].map(visibleEscapes));
  const header = ['UPSTREAM', 'TOOL', 'HASH', 'FIRST SEEN', 'STATUS'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${[line(header), ...table.map(line)].join('\n')}\n`);
  return 0;
}

function describe(row: ToolRow): string {
  const { approval } = row;
  if (row.status === 'new' || approval === undefined) return 'new (not approved)';
  const who = `by ${approval.by} at ${approval.at}`;
  return row.status === 'approved' ? `approved ${who}` : `changed since approval (${approval.hash.slice(0, 12)} approved ${who})`;
}

function jsonRow(row: ToolRow): Record<string, unknown> {
  return {
    upstream: row.upstream, tool: row.tool, hash: row.hash, first_seen: row.firstSeen, last_seen: row.lastSeen,
    approved: row.status === 'approved', changed_since_approval: row.status === 'changed',
    approval: row.approval ? { hash: row.approval.hash, by: row.approval.by, at: row.approval.at } : null,
    definition: row.definition ?? null,
  };
}

function report(action: 'approve' | 'revoke', records: readonly ApprovalRecord[], heldBack = false): number {
  const verb = action === 'approve' ? 'approved' : 'revoked';
  if (records.length === 0 && heldBack) return 0;
  if (records.length === 0) {
    process.stdout.write(`nothing to ${action}: ${action === 'approve' ? 'already approved' : 'no approval'}\n`);
    return 0;
  }
  for (const r of records) process.stdout.write(visibleEscapes(`${verb} ${r.upstream} ${r.tool} ${r.hash?.slice(0, 12) ?? ''} by ${r.by}\n`));
  return 0;
}

/**
 * What a bulk approve left quarantined: each tool, the approval it had and what it is now, and how
 * to approve it once reviewed. Exit 1, so a script that approves in bulk notices.
 */
async function reportHeldBack(stateDir: string, rows: readonly ToolRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  for (const r of rows) {
    const was = r.approval === undefined ? '' : `approved ${r.approval.hash.slice(0, 12)} by ${r.approval.by} at ${r.approval.at}`;
    const lines = [`held back ${r.upstream} ${r.tool}: its definition changed since it was approved (${was}; now ${r.hash.slice(0, 12)}, last seen ${r.lastSeen})`, ...(await changeLines(stateDir, r))];
    process.stderr.write(visibleEscapes(`${lines.join('\n')}\n`));
  }
  process.stderr.write('warden: changed definitions are not approved in bulk: review each (above, or "warden tools diff --upstream UPSTREAM TOOL"), then approve it by name, or give --include-changed\n');
  return 1;
}
