/**
 * A unified diff (`diff -u` format, 3 lines of context) of two texts, line by line, for
 * `warden fmt --diff`. Empty when the texts are equal.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const hunks = hunksOf(ops);
  return [`--- ${oldName}`, `+++ ${newName}`, ...hunks].join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Longest common subsequence by dynamic programming, then a walk that emits the edit script. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  return ops;
}

function hunksOf(ops: readonly Op[]): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    const firstChange = ops.findIndex((op, idx) => idx >= k && op.kind !== ' ');
    if (firstChange === -1) break;
    const start = Math.max(k, firstChange - CONTEXT);
    let end = firstChange;
    // Extend over changes separated by at most twice the context.
    for (let idx = firstChange; idx < ops.length; idx++) {
      if (ops[idx]!.kind !== ' ') end = idx;
      else if (idx - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    out.push(header(ops, start, stop), ...ops.slice(start, stop).map((op) => op.kind + op.line));
    k = stop;
  }
  return out;
}

function header(ops: readonly Op[], start: number, stop: number): string {
  const count = (upTo: number, kind: '-' | '+'): number => ops.slice(0, upTo).filter((op) => op.kind === ' ' || op.kind === kind).length;
  const oldStart = count(start, '-');
  const newStart = count(start, '+');
  const oldLen = count(stop, '-') - oldStart;
  const newLen = count(stop, '+') - newStart;
  return `@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@`;
}

function range(start: number, len: number): string {
  return `${len === 0 ? start : start + 1},${len}`;
}
