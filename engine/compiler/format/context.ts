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
  /**
   * Set when writing Rego v0 (opa fmt --v0-compatible): the keywords the module imported from
   * future.keywords, the only ones v0 output uses (and keeps out of dotted refs).
   */
  v0?: { keywords: ReadonlySet<string> };
}

/**
 * Whether a rule's body follows `if`: always in v1; in v0 when `if` was imported, except for a
 * partial set written without `contains` (`p[x] { ... }`), as opa fmt decides it.
 */
export function writesIf(partialSet: boolean, ctx: Context): boolean {
  return ctx.v0 === undefined || (ctx.v0.keywords.has('if') && (ctx.v0.keywords.has('contains') || !partialSet));
}

/** opa fmt indents with tabs. */
export function indent(depth: number): string {
  return '\t'.repeat(depth);
}
