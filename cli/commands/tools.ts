/**
 * `warden tools list|approve|revoke`: the tools warden has seen and their approvals. The shipped
 * policy quarantines a tool (hidden and refused) until its current definition is approved; a
 * running warden picks an approval up at once and journals it with who made it.
 */
import { userInfo } from 'node:os';
import { approveTools, revokeTools, select, toolRows, ToolSelectionError, type ToolRow } from '../../engine/approvals/tool-approvals.js';
import type { ApprovalRecord } from '../../engine/approvals/record.js';
import { defaultStateDir } from '../home.js';
import { errorMessage } from '../log.js';
import { CommandFailure, EXIT_USAGE, optionalString, parse, UsageError, type Command } from '../usage.js';
import { visibleEscapes } from '../visible-escapes.js';

const usage = `Usage: warden tools list [--upstream NAME] [--json] [TOOL...]
       warden tools approve [--upstream NAME] [--by NAME] [--hash HASH] [TOOL...]
       warden tools revoke [--upstream NAME] [--by NAME] [TOOL...]

The tools warden has seen in upstreams' tools/list results, and their approvals. The shipped
policy hides and refuses a tool until its current definition is approved, and again after the
definition changes. A running warden applies an approval or revocation at once (no restart) and
journals it; one made while no warden runs is journaled when warden next starts.

  list      each tool: upstream, name, definition hash, first seen, and its status: approved,
            new (never approved) or changed (approved in another definition)
  approve   approves the current definition of the tools (all tools in scope that need it
            when no TOOL is named)
  revoke    removes their approvals (all in scope when no TOOL is named)

Options:
  --upstream NAME   only this upstream's tools (needed when two upstreams list the TOOL)
  --by NAME         who approves or revokes, for the journal (default: the OS user)
  --hash HASH       approve only if the tool's definition hash is still HASH (the one reviewed)
  --json            list as JSON, with each tool's full definition
  -h, --help        show this help

State: $MCP_WARDEN_HOME/state (tools/ and approvals/). Exit codes: 0 done; 1 failed, also a tool or upstream warden has not seen and a definition
changed since the --hash reviewed; 2 usage, also a --hash that is not a whole definition hash.`;

const options = {
  upstream: { type: 'string' },
  by: { type: 'string' },
  hash: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const toolsCommand: Command = {
  summary: 'list, approve or revoke the tools upstreams offer',
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
          onlyFor('list', parsed.values, ['by', 'hash']);
          return list(select(await toolRows(stateDir), selection), parsed.values.json === true);
        case 'approve':
        case 'revoke': {
          onlyFor(action, parsed.values, action === 'revoke' ? ['json', 'hash'] : ['json']);
          const by = optionalString(parsed.values, 'by') ?? userInfo().username;
          const hash = optionalString(parsed.values, 'hash');
          const change = action === 'approve' ? approveTools : revokeTools;
          return report(action, await change(stateDir, selection, { by, ...(hash === undefined ? {} : { hash }) }));
        }
        default:
          throw new UsageError(action === undefined ? 'missing the action (list, approve or revoke)' : `unknown action "${action}"`);
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new CommandFailure(errorMessage(error), error instanceof ToolSelectionError && error.usage ? EXIT_USAGE : 1);
    }
  },
};

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

function report(action: 'approve' | 'revoke', records: readonly ApprovalRecord[]): number {
  const verb = action === 'approve' ? 'approved' : 'revoked';
  if (records.length === 0) {
    process.stdout.write(`nothing to ${action}: ${action === 'approve' ? 'already approved' : 'no approval'}\n`);
    return 0;
  }
  for (const r of records) process.stdout.write(visibleEscapes(`${verb} ${r.upstream} ${r.tool} ${r.hash?.slice(0, 12) ?? ''} by ${r.by}\n`));
  return 0;
}
