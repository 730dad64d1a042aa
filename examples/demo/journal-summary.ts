/**
 * A readable digest of a journal directory: how many decisions allowed or denied what, and
 * every policy (re)load. Reads the segment files as the plain JSON lines they are.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface JournalEntry {
  kind: string;
  [field: string]: unknown;
}

export async function readEntries(dir: string): Promise<JournalEntry[]> {
  const segments = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
  const entries: JournalEntry[] = [];
  for (const segment of segments) {
    const text = await readFile(path.join(dir, segment), 'utf8');
    for (const line of text.split('\n')) if (line !== '') entries.push(JSON.parse(line) as JournalEntry);
  }
  return entries;
}

export function summarize(entries: readonly JournalEntry[]): string[] {
  const decisions = entries.filter((e) => e.kind === 'decision');
  const denied = decisions.filter((e) => e.allow === false);
  const loads = entries.filter((e) => e.kind === 'policy-load');
  const lines = [
    `${entries.length} journal entries: ${decisions.length} decisions (${decisions.length - denied.length} allowed, ${denied.length} denied), ${loads.length} policy loads`,
  ];
  for (const e of denied) lines.push(`  denied ${describe(e)}: ${(e.reasons as string[]).join('; ')}`);
  for (const e of loads) {
    lines.push(e.ok === true ? `  policy loaded   ${String(e.policy_digest).slice(0, 19)}...` : `  policy rejected ${String(e.error).split('\n')[0]}`);
  }
  return lines;
}

function describe(e: JournalEntry): string {
  return e.tool ? `${String(e.method)} ${String(e.tool)}` : String(e.method);
}
