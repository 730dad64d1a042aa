/**
 * Source offsets from AST locations.
 */
import type { Location } from '../engine/compiler/ast.js';

/** Rows and columns are 1-based, columns in UTF-16 code units (the lexer's convention); a row past the end is the end. */
export function offsetOf(source: string, at: Pick<Location, 'row' | 'col'>): number {
  let offset = 0;
  for (let row = 1; row < at.row; row++) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return offset + Math.max(0, at.col - 1);
}
