/**
 * Checkpoints: C2SP tlog-checkpoint notes over the RFC 6962 root of every line written so far.
 * Each segment has one checkpoint file beside it holding the newest checkpoint signed while the
 * segment was current; it is replaced atomically (temp file, fsync, rename, fsync of the folder).
 *
 * One extension line records why the checkpoint was signed. `closed` and `rotated` turn silent
 * tampering into detectable facts: an entry after a `closed` head was not written by the key
 * holder, and a `rotated` head promises that the next segment exists.
 */

export type CheckpointState = 'open' | 'rotated' | 'closed';

export interface CheckpointBody {
  origin: string;
  size: number;
  root: Buffer;
  state: CheckpointState;
}

export function originFor(journalId: string): string {
  return `mcp-warden/journal/${journalId}`;
}

export function checkpointText(body: CheckpointBody): string {
  return `${body.origin}\n${body.size}\n${body.root.toString('base64')}\nstate ${body.state}\n`;
}

/** Parses the signed text of a checkpoint note; an `error` result names the offending line. */
export function parseCheckpointText(text: string): CheckpointBody | { error: string; line: number } {
  const lines = text.split('\n').slice(0, -1);
  const [origin, size, root, ...extensions] = lines;
  if (!origin) return { error: 'missing origin', line: 1 };
  if (size === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(size)) return { error: 'tree size is not a decimal number', line: 2 };
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return { error: 'root hash is not base64 of 32 bytes', line: 3 };
  let state: CheckpointState = 'open';
  for (let i = 0; i < extensions.length; i++) {
    const match = /^state (open|rotated|closed)$/.exec(extensions[i]!);
    if (!match) return { error: 'unknown extension line', line: 4 + i };
    state = match[1] as CheckpointState;
  }
  return { origin, size: Number(size), root: rootBytes, state };
}
