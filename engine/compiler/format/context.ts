/**
 * What every printing function needs: the source layout and the comments still to place.
 */
import type { CommentQueue } from './comments.js';
import type { SourceMap } from './source-map.js';

export interface Context {
  src: SourceMap;
  comments: CommentQueue;
  /**
   * Whether the module uses general ref heads (`a.b.c := 1`, `a.b contains x`). Until it does,
   * opa fmt writes two-part heads the classic way, `p["x"] := 1`, and so does this printer.
   */
  refHeads: boolean;
}

/** opa fmt indents with tabs. */
export function indent(depth: number): string {
  return '\t'.repeat(depth);
}
