/**
 * What `warden tools list|approve|revoke` do, apart from parsing and printing: the tools warden
 * has seen (the tool store) joined with their approvals (the approvals log), and approvals and
 * revocations appended to the log under its lock. An approval names the definition hash seen
 * now, so a definition that changes later is quarantined again.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ToolStore, type StoredUpstream } from '../session/tool-store.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { appendWithLock, approvalLogFile, readLog, type LockOptions } from './approval-log.js';
import { Approvals, type Approval } from './approvals.js';
import { keepApprovedDefinitions, keepDefinition } from './definitions.js';
import { APPROVAL_RECORD_VERSION, isDefinitionHash, isName, type ApprovalRecord } from './record.js';

export type ToolStatus = 'approved' | 'new' | 'changed';

export interface ToolRow {
  upstream: string;
  tool: string;
  hash: string;
  firstSeen: string;
  lastSeen: string;
  status: ToolStatus;
  approval?: Approval;
  definition?: JsonObject;
}

export interface Selection {
  upstream?: string;
  /** Tool names as the upstream lists them; none selects every tool in scope. */
  tools: string[];
}

/**
 * The operator asked for something that cannot be done; the message says what. `usage`: the
 * request itself is malformed or ambiguous (a short hash, two tools for one --hash), as opposed
 * to one the state refuses (a tool never listed, a definition changed since its review).
 */
export class ToolSelectionError extends Error {
  override readonly name = 'ToolSelectionError';
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

export function toolsDir(stateDir: string): string {
  return path.join(stateDir, 'tools');
}

/** Every tool the state directory knows, sorted by upstream and name. */
export async function toolRows(stateDir: string): Promise<ToolRow[]> {
  const stored = (await ToolStore.open({ dir: toolsDir(stateDir) })).stored();
  return joinRows(stored, new Approvals(readLog(approvalLogFile(stateDir)).records));
}

export function joinRows(stored: readonly StoredUpstream[], approvals: Approvals): ToolRow[] {
  const rows: ToolRow[] = [];
  for (const { upstream, records } of stored) {
    for (const r of records) {
      const approval = approvals.get(upstream, r.name);
      const status: ToolStatus = approval === undefined ? 'new' : approval.hash === r.hash ? 'approved' : 'changed';
      rows.push({
        upstream, tool: r.name, hash: r.hash, firstSeen: r.firstSeen, lastSeen: r.lastSeen, status,
        ...(approval ? { approval } : {}), ...(r.definition ? { definition: r.definition } : {}),
      });
    }
  }
  return rows.sort((a, b) => compare(a.upstream, b.upstream) || compare(a.tool, b.tool));
}

/** The rows a selection names; throws ToolSelectionError for names that match nothing or are ambiguous. */
export function select(rows: readonly ToolRow[], selection: Selection): ToolRow[] {
  const inScope = selection.upstream === undefined ? rows : rows.filter((r) => r.upstream === selection.upstream);
  if (selection.upstream !== undefined && inScope.length === 0) {
    throw new ToolSelectionError(`warden has seen no tools of upstream ${JSON.stringify(selection.upstream)}`);
  }
  if (selection.tools.length === 0) return [...inScope];
  return selection.tools.flatMap((name) => {
    const matches = inScope.filter((r) => r.tool === name);
    const where = selection.upstream === undefined ? 'any upstream' : `upstream ${JSON.stringify(selection.upstream)}`;
    if (matches.length === 0) throw new ToolSelectionError(`tool ${JSON.stringify(name)} has not been listed by ${where}`);
    if (matches.length > 1) {
      throw new ToolSelectionError(`tool ${JSON.stringify(name)} is listed by ${matches.map((m) => m.upstream).join(', ')}; name one with --upstream`, true);
    }
    return matches;
  });
}

export interface ChangeOptions extends LockOptions {
  /** Who makes the change (journaled with it). */
  by: string;
  /** approve: the definition hash the operator reviewed; refused if the tool has another now. */
  hash?: string;
  /**
   * approve with no tool named: also approve tools whose definition changed since their approval.
   * Without it they are held back, so one bulk command cannot approve a rug pull unseen.
   */
  includeChanged?: boolean;
  now?: () => Date;
}

export interface ApproveOutcome {
  /** The records appended (tools already approved in their current definition are skipped). */
  records: ApprovalRecord[];
  /**
   * Tools a bulk approve (no tool named) left unapproved because their definition changed since
   * their approval, with that approval: each must be named, or includeChanged given.
   */
  heldBack: ToolRow[];
}

/**
 * Approves the selected tools' current definitions, and keeps each definition approved
 * (definitions.ts), so that a later change can be shown against it.
 */
export async function approveTools(stateDir: string, selection: Selection, options: ChangeOptions): Promise<ApproveOutcome> {
  checkBy(options.by);
  const rows = await toolRows(stateDir);
  await keepApprovedRows(stateDir, rows);
  const chosen = select(rows, selection);
  if (options.hash !== undefined) checkReviewedHash(chosen, options.hash);
  const holdChanged = selection.tools.length === 0 && options.includeChanged !== true;
  const heldBack: ToolRow[] = [];
  const records = await appendWithLock(stateDir, (logged) => {
    const approvals = new Approvals(logged);
    const at = (options.now?.() ?? new Date()).toISOString();
    heldBack.length = 0;
    return chosen.flatMap((row) => {
      const approval = approvals.get(row.upstream, row.tool);
      if (approval?.hash === row.hash) return [];
      if (approval !== undefined && holdChanged) {
        heldBack.push({ ...row, status: 'changed', approval });
        return [];
      }
      return [record('approve', row.upstream, row.tool, row.hash, options.by, at)];
    });
  }, options);
  // After the records: should this fail, the definitions are the tool store's latest still, which keepApprovedRows keeps next time.
  for (const row of chosen) {
    if (row.definition && records.some((r) => r.upstream === row.upstream && r.tool === row.tool)) await keepDefinition(stateDir, row.definition);
  }
  return { records, heldBack };
}

/** The migration of definitions.ts, for the rows read: approved definitions not kept yet are kept. */
export function keepApprovedRows(stateDir: string, rows: readonly ToolRow[]): Promise<void> {
  return keepApprovedDefinitions(stateDir, rows.map((r) => ({ hash: r.hash, ...(r.definition ? { definition: r.definition } : {}), ...(r.approval ? { approved: r.approval.hash } : {}) })));
}

/** Ends the approvals of the selected tools; tools without one are skipped. */
export async function revokeTools(stateDir: string, selection: Selection, options: ChangeOptions): Promise<ApprovalRecord[]> {
  checkBy(options.by);
  const chosen = select(await toolRows(stateDir), selection);
  return appendWithLock(stateDir, (logged) => {
    const approvals = new Approvals(logged);
    const at = (options.now?.() ?? new Date()).toISOString();
    return chosen.flatMap((row) => {
      const approval = approvals.get(row.upstream, row.tool);
      return approval ? [record('revoke', row.upstream, row.tool, approval.hash, options.by, at)] : [];
    });
  }, options);
}

function checkReviewedHash(chosen: readonly ToolRow[], hash: string): void {
  // A shortened hash is refused, not matched as a prefix: 48 bits is within reach of a server
  // crafting a second definition that shows the same 12 digits as the one reviewed.
  if (!isDefinitionHash(hash)) {
    throw new ToolSelectionError('--hash must be the whole definition hash, 64 lowercase hex digits (`warden tools list` shows the first 12; `warden tools list --json` shows it whole)', true);
  }
  if (chosen.length !== 1) throw new ToolSelectionError('--hash needs exactly one tool', true);
  const row = chosen[0]!;
  if (row.hash !== hash) {
    throw new ToolSelectionError(`tool ${JSON.stringify(row.tool)} of ${JSON.stringify(row.upstream)} has changed: its definition is now ${row.hash}, not the ${hash} reviewed`);
  }
}

function checkBy(by: string): void {
  if (!isName(by)) throw new ToolSelectionError('the approver must be a non-empty name of at most 512 characters', true);
}

function record(op: ApprovalRecord['op'], upstream: string, tool: string, hash: string, by: string, at: string): ApprovalRecord {
  return { v: APPROVAL_RECORD_VERSION, id: randomUUID(), op, upstream, tool, hash, by, at };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
