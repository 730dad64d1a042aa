/**
 * OPA's details of a parse error (ParserErrorDetail): the source line the error is on and the
 * index of its position in that line. As OPA does, a position on blank space (the end of the
 * input, say) moves back to the last character before it, so "expected '}'" at the end of a file
 * shows the line that opened the brace.
 */
import { offsetOf } from '../source-offset.js';

interface Position { row: number; col: number }

/** A type, not an interface, so that it is an ErrorDetail too. */
export type ParseErrorDetail = { line: string; idx: number };

export function parseErrorDetail(source: string | undefined, at: Position): ParseErrorDetail | undefined {
  if (source === undefined || source.length === 0) return undefined;
  let offset = Math.min(offsetOf(source, at), source.length - 1);
  while (offset > 0 && /\s/.test(source[offset]!)) offset--;
  let begin = offset;
  while (begin > 0 && !isNewline(source[begin]!)) begin--;
  if (isNewline(source[begin]!)) begin++;
  let end = offset;
  while (end < source.length && !isNewline(source[end]!)) end++;
  begin = Math.min(begin, end);
  return { line: source.slice(begin, end), idx: offset - begin };
}

function isNewline(ch: string): boolean {
  return ch === '\n' || ch === '\r';
}
