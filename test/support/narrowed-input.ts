/**
 * A case's input narrowed to what its query reads (engine/compiler/plan/input-reads.ts), for the
 * case runners to evaluate again and compare. Test inputs seldom hold anything a query does not
 * read, so the input is first given a member no query names, which narrowing must leave out:
 * every case whose query reads less than its whole object input is then evaluated narrowed.
 */
import type { InputReads } from '../../engine/compiler/index.js';
import { isObject } from '../../engine/builtins/args.js';
import { projected } from '../../engine/decision/projection.js';

const UNREAD = 'mcp_warden_unread';

/** The narrowed input, or undefined when the query reads all of it or the input is not an object. */
export function narrowedInput(input: unknown, reads: InputReads | undefined): unknown {
  if (!isObject(input) || reads === undefined || reads === true) return undefined;
  return projected({ ...input, [UNREAD]: { unread: [1, 2, 3] } }, reads);
}
