/**
 * Pagination across upstreams. An aggregated list page holds one page of every upstream that had
 * one; the cursor handed to the client records, per upstream, the cursor that upstream gave for
 * its next page. A client presenting it gets the next page of exactly those upstreams.
 * The cursor is opaque to the client but not secret: it only names upstreams and their cursors,
 * and the request carrying it is decided like any other. Its length has no bound of its own: it
 * holds every upstream's cursor, which each upstream sizes as it likes, so warden must take back
 * whatever it handed out; the request carrying it is bounded like any message (max_message_bytes).
 */

const PREFIX = 'w1.';

export type CursorState = Record<string, string>;

export function encodeCursor(state: CursorState): string {
  return PREFIX + Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** The per-upstream cursors, or undefined when the cursor is not one of ours or names an unknown upstream. */
export function decodeCursor(cursor: string, known: (upstream: string) => boolean): CursorState | undefined {
  if (!cursor.startsWith(PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  for (const [upstream, c] of entries) {
    if (typeof c !== 'string' || !known(upstream)) return undefined;
  }
  return value as CursorState;
}
