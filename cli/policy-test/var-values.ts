/**
 * A failure line as `opa test --var-values` prints it below a failing test: `file:row:`, then the
 * expression at its column, then one arrow per value pointing up at where it is written, each
 * value on a line of its own, the rightmost first:
 *
 *     x == y + z
 *     |    |   |
 *     |    |   3
 *     |    y + z: 5
 *     |    y: 2
 *     1
 *
 * Values sharing a column are labelled; tabs before a column are kept so arrows line up. When
 * the values sit on several rows of an expression indented with tabs, they are listed by name
 * after `Where:` instead, as OPA does. Values print in Rego syntax, cut at 64 characters.
 */
import { regoString } from '../../engine/builtins/rego-string.js';
import type { FailureLine, ShownValue } from './failure-lines.js';

const MAX_VALUE_WIDTH = 64;

/** The block's lines, indented as OPA indents them below the test's name. */
export function failureLineText(line: FailureLine): string[] {
  const body = [pad(line, line.row, line.col) + line.text, ...valueRows(line)].join('\n');
  return [`  ${line.file}:${line.row}:`, ...body.split('\n').map((l) => `    ${l}`)];
}

function valueRows(line: FailureLine): string[] {
  const values = line.values ?? [];
  if (values.length === 0) return [];
  const rows = new Set(values.map((v) => v.row));
  const tabbed = values.some((v) => pad(line, v.row, v.col).includes('\t'));
  if (tabbed && rows.size > 1) {
    const byTitle = [...values].sort((a, b) => compareText(a.title, b.title));
    return ['', 'Where:', '', ...byTitle.map((v) => `${v.title}: ${valueText(v)}`)];
  }
  const byCol = [...values].sort((a, b) => a.col - b.col || (a.row === b.row ? compareText(a.title, b.title) : b.row - a.row));
  const out = [arrows(line, byCol, -1)];
  for (let i = byCol.length - 1; i >= 0; i--) out.push(arrows(line, byCol, i));
  return out;
}

/** One row: an arrow at each column up to `at`, where the value is written (every column when `at` is -1). */
function arrows(line: FailureLine, all: readonly ShownValue[], at: number): string {
  const slice = at >= 0 ? all.slice(0, at + 1) : all;
  let out = '';
  let prevCol = 0;
  slice.forEach((v, i) => {
    const last = i === slice.length - 1;
    if (!last && v.col === all[i + 1]!.col) return;
    const gap = lineOf(line, v.row).slice(prevCol, v.col - 1);
    out += [...gap].map((c) => (c === '\t' ? '\t' : ' ')).join('') + ' '.repeat(Math.max(0, v.col - 1 - prevCol - gap.length));
    if (last && at >= 0) {
      const shared = (i > 0 && all[i - 1]!.col === v.col) || (i < all.length - 1 && all[i + 1]!.col === v.col);
      out += shared ? `${v.title}: ${valueText(v)}` : valueText(v);
    } else {
      out += '|';
    }
    prevCol = v.col;
  });
  return out;
}

/** What stands before a column on its row, blank but for its tabs. */
function pad(line: FailureLine, row: number, col: number): string {
  return [...lineOf(line, row).slice(0, col - 1)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
}

function lineOf(line: FailureLine, row: number): string {
  return line.lines[row - 1]?.replace(/\r$/, '') ?? '';
}

function valueText(v: ShownValue): string {
  return truncate(v.defined ? regoString(v.value) : 'undefined');
}

function truncate(text: string, width: number = MAX_VALUE_WIDTH): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 3).join('')}...`;
}

/** Go's strings.Compare: by code unit, not by locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
