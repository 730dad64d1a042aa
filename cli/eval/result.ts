/**
 * OPA's result set from the wasm rows of a split query: per solution, the value of every
 * expression (true for those that have none of their own) and the bindings of the user's
 * variables (omitted when there are none, as OPA does).
 */
import { isValueVar, type QueryExpr } from './query.js';

export interface ExpressionValue { value: unknown; text: string; location: { row: number; col: number } }
export interface Result { expressions: ExpressionValue[]; bindings?: Record<string, unknown> }

export function resultSet(exprs: readonly QueryExpr[], rows: readonly Record<string, unknown>[]): Result[] {
  return rows.map((row) => {
    const expressions = exprs.map((e) => ({
      value: e.valueVar === undefined ? true : row[e.valueVar],
      text: e.text,
      location: { row: e.row, col: e.col },
    }));
    const names = Object.keys(row).filter((n) => !isValueVar(n)).sort();
    if (names.length === 0) return { expressions };
    return { expressions, bindings: Object.fromEntries(names.map((n) => [n, row[n]])) };
  });
}
