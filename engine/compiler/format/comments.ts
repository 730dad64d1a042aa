/**
 * The module's comments in source order. Printing walks the AST in source order too, so each
 * comment is taken exactly once: as lines of their own before the next construct, or as a
 * trailing comment on the line where the construct before it ended.
 */
import type { Comment } from '../syntax/tokens.js';
import type { Context } from './context.js';
import { before, type Position } from './source-map.js';

export class CommentQueue {
  private next = 0;

  constructor(private readonly comments: readonly Comment[]) {}

  /** Every comment left that starts before `pos`. */
  takeBefore(pos: Position): Comment[] {
    const taken: Comment[] = [];
    while (this.next < this.comments.length && before(this.comments[this.next]!, pos)) taken.push(this.comments[this.next++]!);
    return taken;
  }

  /** Comments before `pos` that sit on a row up to `row`: they trail the construct ending there. */
  takeTrailing(row: number, pos: Position): Comment[] {
    const taken: Comment[] = [];
    while (this.next < this.comments.length) {
      const c = this.comments[this.next]!;
      if (c.row > row || !before(c, pos)) break;
      taken.push(c);
      this.next++;
    }
    return taken;
  }

  /** Comments before `pos` on exactly `row`, e.g. after the `{` opening a block. */
  takeOnRow(row: number, pos: Position): Comment[] {
    const taken: Comment[] = [];
    for (let c = this.comments[this.next]; c !== undefined && c.row === row && before(c, pos); c = this.comments[this.next]) {
      taken.push(c);
      this.next++;
    }
    return taken;
  }

  /** A comment is left before `pos`: it separates what comes before from what starts there. */
  hasBefore(pos: Position): boolean {
    const c = this.comments[this.next];
    return c !== undefined && before(c, pos);
  }

  rest(): Comment[] { return this.comments.slice(this.next); }
}

export function commentText(c: Comment): string {
  return `#${c.text.trimEnd()}`;
}

/**
 * `line` followed by the comments that end its source row(s) before `next`: the first on the
 * line itself, any others on lines of their own at `inner` indentation.
 */
export function withTrailing(line: string, inner: string, ctx: Context, next: Position): string[] {
  const trailing = ctx.comments.takeTrailing(ctx.src.endRowBefore(next), next);
  if (trailing.length === 0) return [line];
  return [`${line} ${commentText(trailing[0]!)}`, ...trailing.slice(1).map((c) => inner + commentText(c))];
}
