/**
 * The definitions approved: `<state>/approvals/definitions/<hash>.json`, each the canonical JSON
 * of a tool definition named by its definition hash. The approvals log records only the hash, and
 * the tool store keeps only a tool's latest definition, so without these a definition that changed
 * since its approval could be shown by hash alone, not compared with what was reviewed.
 *
 * A file is written once and never changed (its name is its content's hash), so writers sharing the
 * state directory need no lock; one whose content does not hash to its name was edited and is not
 * shown. Stores from before definitions were kept are filled in (`keepApprovedDefinitions`) from
 * the tool store while a tool's latest definition is still the approved one.
 */
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../journal/canonical.js';
import { createWhole, DIR_MODE } from '../journal/durable.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/jsonrpc.js';
import type { StoredUpstream } from '../session/tool-store.js';
import { toolDefinitionHash } from '../session/tool-hash.js';
import { approvalsDir } from './approval-log.js';
import type { Approval } from './approvals.js';
import { isDefinitionHash } from './record.js';

/** A definition file is a tool's definition: bounded as the tool store bounds what it keeps. */
const MAX_DEFINITION_BYTES = 4 * 1024 * 1024;

export function definitionsDir(stateDir: string): string {
  return path.join(approvalsDir(stateDir), 'definitions');
}

/** Keeps `definition` under its hash; nothing is written when it is kept already. */
export async function keepDefinition(stateDir: string, definition: JsonObject): Promise<void> {
  const dir = definitionsDir(stateDir);
  const file = path.join(dir, `${toolDefinitionHash(definition)}.json`);
  // Checked first so that a start with every definition kept syncs nothing.
  if (await access(file).then(() => true, () => false)) return;
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await createWhole(file, canonicalJson(definition), { durable: true });
}

export type KeptDefinition = { definition: JsonObject } | { missing: string };

/** The definition approved as `hash`, or why it cannot be shown. */
export async function keptDefinition(stateDir: string, hash: string): Promise<KeptDefinition> {
  if (!isDefinitionHash(hash)) return { missing: 'not a definition hash' };
  const file = path.join(definitionsDir(stateDir), `${hash}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: 'approved before warden kept approved definitions, so only its hash is known' };
    return { missing: `cannot read ${file}: ${(error as Error).message}` };
  }
  if (text.length > MAX_DEFINITION_BYTES) return { missing: `${file} is larger than any definition warden keeps` };
  let definition: JsonValue;
  try {
    definition = JSON.parse(text) as JsonValue;
  } catch {
    return { missing: `${file} is not JSON` };
  }
  if (!isJsonObject(definition) || toolDefinitionHash(definition) !== hash) return { missing: `${file} does not hash to its name: it was edited` };
  return { definition };
}

/** A tool as the migration sees it: its latest definition, and the hash approved, if any. */
export interface ListedTool {
  hash: string;
  definition?: JsonObject;
  approved?: string;
}

/**
 * The migration for stores from before definitions were kept: every tool whose latest definition
 * is the approved one has it kept, before a changed listing replaces it in the tool store.
 */
export async function keepApprovedDefinitions(stateDir: string, tools: Iterable<ListedTool>): Promise<void> {
  for (const tool of tools) {
    if (tool.definition !== undefined && tool.approved === tool.hash) await keepDefinition(stateDir, tool.definition);
  }
}

/** The tools of a tool store, with the approval each has, for `keepApprovedDefinitions`. */
export function* storedTools(stored: readonly StoredUpstream[], approval: (upstream: string, tool: string) => Pick<Approval, 'hash'> | undefined): Generator<ListedTool> {
  for (const { upstream, records } of stored) {
    for (const r of records) {
      const approved = approval(upstream, r.name)?.hash;
      yield { hash: r.hash, ...(r.definition ? { definition: r.definition } : {}), ...(approved ? { approved } : {}) };
    }
  }
}
