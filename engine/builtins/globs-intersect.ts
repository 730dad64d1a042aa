import { fail } from './args.js';

/**
 * regex.globs_match: do two "glob-style" regexes share a non-empty match?
 * Their syntax is deliberately small (literals, `.`, `[...]` classes, and
 * `*`, `+`, `?` on a single item), so each is a linear chain of tokens and
 * the question is a reachability search over pairs of positions.
 */
type Range = [number, number];
interface CharSet { negated: boolean; ranges: Range[] }
interface Token { set: CharSet; optional: boolean; repeats: boolean }

const ANY: CharSet = { negated: true, ranges: [] };

export function globsIntersect(a: string, b: string): boolean {
  const left = parse(a);
  const right = parse(b);
  const seen = new Set<string>();
  const queue: Array<[number, number, boolean]> = [];
  const visit = (i: number, j: number, consumed: boolean) => {
    for (const x of closure(left, i)) {
      for (const y of closure(right, j)) {
        const key = `${x},${y},${consumed}`;
        if (!seen.has(key)) { seen.add(key); queue.push([x, y, consumed]); }
      }
    }
  };
  visit(0, 0, false);
  while (queue.length > 0) {
    const [i, j, consumed] = queue.shift() as [number, number, boolean];
    if (consumed && i === left.length && j === right.length) return true;
    if (i === left.length || j === right.length) continue;
    if (!intersects(left[i].set, right[j].set)) continue;
    visit(left[i].repeats ? i : i + 1, right[j].repeats ? j : j + 1, true);
  }
  return false;
}

/** Positions reachable from `k` by skipping optional tokens. */
function closure(tokens: Token[], k: number): number[] {
  const out = [k];
  while (k < tokens.length && tokens[k].optional) out.push(++k);
  return out;
}

function parse(glob: string): Token[] {
  const chars = Array.from(glob);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*' || c === '+' || c === '?') {
      const prev = tokens.pop() ?? fail(`quantifier '${c}' with nothing to repeat`);
      if (c === '+') tokens.push(prev);
      tokens.push({ set: prev.set, optional: true, repeats: c !== '?' });
    } else if (c === ']') {
      // OPA's wording, with the glob and the position just past the offending character.
      fail(`input:${glob}, pos:${i + 1}, set-close ']' with no preceding '[': the input provided is invalid`);
    } else if (c === '[') {
      const [set, next] = parseClass(chars, i + 1);
      tokens.push({ set, optional: false, repeats: false });
      i = next;
    } else {
      const set = c === '.' ? ANY : single(c === '\\' ? chars[++i] ?? fail('trailing escape') : c);
      tokens.push({ set, optional: false, repeats: false });
    }
  }
  return tokens;
}

/** Parses a class body starting after '['; returns the set and the index of the closing ']'. */
function parseClass(chars: string[], start: number): [CharSet, number] {
  const negated = chars[start] === '^';
  const ranges: Range[] = [];
  for (let i = negated ? start + 1 : start; i < chars.length; i++) {
    if (chars[i] === ']') return [{ negated, ranges }, i];
    const lo = chars[i] === '\\' ? chars[++i] : chars[i];
    let hi = lo;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      hi = chars[i + 2] === '\\' ? chars[i + 3] : chars[i + 2];
      i += chars[i + 2] === '\\' ? 3 : 2;
    }
    if (lo === undefined || hi === undefined) break;
    ranges.push([lo.codePointAt(0) as number, hi.codePointAt(0) as number]);
  }
  return fail("set-open '[' with no closing ']'");
}

function single(c: string): CharSet {
  const p = c.codePointAt(0) as number;
  return { negated: false, ranges: [[p, p]] };
}

function intersects(a: CharSet, b: CharSet): boolean {
  if (a.negated && b.negated) return true;
  if (a.negated) return notCovered(b.ranges, a.ranges);
  if (b.negated) return notCovered(a.ranges, b.ranges);
  return a.ranges.some(([lo, hi]) => b.ranges.some(([l, h]) => lo <= h && l <= hi));
}

/** Is some code point of `ranges` outside every range in `holes`? */
function notCovered(ranges: Range[], holes: Range[]): boolean {
  return ranges.some(([lo, hi]) => {
    let next = lo;
    for (const [l, h] of [...holes].sort((x, y) => x[0] - y[0])) {
      if (l > next) break;
      next = Math.max(next, h + 1);
    }
    return next <= hi;
  });
}
