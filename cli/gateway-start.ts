/**
 * What a gateway opens before it runs, each refusing the start with a logged reason
 * (GatewayStartError) when it cannot: the tool store and approvals, the journal (in the first free
 * slot of the default directory) and the first policy load.
 */
import { openJournal, type Journal } from '../engine/journal/index.js';
import type { PolicyLoadReport, PolicyWatcher } from '../engine/policy/index.js';
import { ToolStore } from '../engine/session/tool-store.js';
import { GatewayApprovals } from '../engine/approvals/gateway-approvals.js';
import { toolsDir } from '../engine/approvals/tool-approvals.js';
import { keepApprovedDefinitions, storedTools } from '../engine/approvals/definitions.js';
import type { GatewayOptions } from './gateway.js';
import { defaultStateDir } from './home.js';
import { errorMessage, type Logger } from './log.js';

/** Starting failed; the reason has been logged and nothing is left running. */
export class GatewayStartError extends Error {
  override readonly name = 'GatewayStartError';
}

export async function openToolStore(options: GatewayOptions, onError: (error: Error) => void, approvals: GatewayApprovals): Promise<ToolStore> {
  const stateDir = options.stateDir ?? defaultStateDir();
  let store: ToolStore;
  try {
    store = await ToolStore.open({ dir: toolsDir(stateDir), onError, approvals: approvals.lookup });
  } catch (error) {
    return refuse(options.log, errorMessage(error));
  }
  // Before any listing can replace an approved definition: a store from before definitions were
  // kept has them kept now. Failing only costs the diff a changed tool would show, not the start.
  await keepApprovedDefinitions(stateDir, storedTools(store.stored(), approvals.lookup))
    .catch((error: unknown) => options.log.error(`cannot keep the approved tool definitions: ${errorMessage(error)}; a definition that changes will be shown by hash only`));
  return store;
}

/** Tool approvals (`warden tools approve`) shared with other warden processes through the state directory. */
export function openApprovals(options: GatewayOptions): GatewayApprovals {
  try {
    return GatewayApprovals.open(options.stateDir ?? defaultStateDir());
  } catch (error) {
    return refuse(options.log, `${errorMessage(error)}; refusing to start`);
  }
}

export async function openGatewayJournal(options: GatewayOptions): Promise<{ journal: Journal; dir: string }> {
  const slots = Math.max(1, options.journalSlots ?? 1);
  for (let slot = 1; ; slot++) {
    const dir = slot === 1 ? options.journalDir : `${options.journalDir}.${slot}`;
    try {
      const journal = await openJournalIn(options, dir);
      if (slot > 1) options.log.info(`the default journal ${options.journalDir} is held by another warden; journaling to ${dir}`);
      return { journal, dir };
    } catch (error) {
      const locked = isJournalLocked(error);
      if (locked && slot < slots) continue;
      const hint = locked ? ' (another warden writes it: give this one its own --journal DIR)' : '';
      return refuse(options.log, `cannot open the journal in ${dir}: ${errorMessage(error)}${hint}`);
    }
  }
}

function isJournalLocked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'journal_locked';
}

function openJournalIn(options: GatewayOptions, dir: string): Promise<Journal> {
  return openJournal({
    dir,
    signingKey: options.signingKey,
    hmacKey: options.hmacKey,
    checkpointSeconds: options.checkpointSeconds ?? 5,
    durability: options.durability,
    syncWithinMs: options.syncWithinMs,
    ...(options.recordInputs ? { recordInputs: options.recordInputs } : {}),
  });
}

/** The first load is journaled like every reload; a policy that does not build means no gateway. */
export async function loadInitialPolicy(options: GatewayOptions, watcher: PolicyWatcher, journal: Journal): Promise<string> {
  let report: PolicyLoadReport;
  try {
    report = await watcher.loaded;
  } catch (error) {
    await closeAfterRefusal(watcher, journal);
    return refuse(options.log, `cannot journal the policy load: ${errorMessage(error)}`);
  }
  if (!report.ok) {
    await closeAfterRefusal(watcher, journal);
    options.log.diagnostics(report.errors);
    const failed = report.filesDigest === null ? 'cannot be read' : 'does not compile';
    return refuse(options.log, `the policy in ${options.policyDir} ${failed}; refusing to start`);
  }
  options.log.info(`policy loaded from ${options.policyDir} (${report.digest}, ${report.modules.length} modules, ${Math.round(report.durationMs)} ms)`);
  logWarnings(options.log, report.warnings);
  return report.digest;
}

/** The watcher first: a reload it started must not journal into a closed journal. */
async function closeAfterRefusal(watcher: PolicyWatcher, journal: Journal): Promise<void> {
  await watcher.close();
  await journal.close().catch(() => undefined);
}

export function logWarnings(log: Logger, warnings: readonly string[]): void {
  for (const warning of warnings) log.info(`warning: ${warning}`);
}

function refuse(log: Logger, message: string): never {
  log.error(message);
  throw new GatewayStartError(message);
}
