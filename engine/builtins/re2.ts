import { RE2JS } from 're2js';

/**
 * Go regexp (RE2) behaviour on top of re2js. Policies call the same few
 * patterns over and over, so compiled patterns are cached; the cache is
 * bounded because patterns can come from input.
 */
const CACHE_LIMIT = 256;
const cache = new Map<string, RE2JS>();

export function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, re);
  }
  return re;
}

/** Go's FindAll*Index: n < 0 means all matches. Each entry holds start/end pairs per group, -1 when unset. */
export function findAllSubmatchIndex(re: RE2JS, s: string, n: number): number[][] {
  if (n === 0) return [];
  return (re.re2().findAllSubmatchIndex(s, n) as number[][] | null) ?? [];
}

export function findAllSubmatch(re: RE2JS, s: string, n: number): string[][] {
  return findAllSubmatchIndex(re, s, n).map((m) => groupsOf(s, m));
}

function groupsOf(s: string, m: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.length; i += 2) out.push(m[i] < 0 ? '' : s.slice(m[i], m[i + 1]));
  return out;
}

/** Go's Regexp.Split: an empty match at the very start produces no leading piece. */
export function split(re: RE2JS, s: string): string[] {
  if (re.pattern().length > 0 && s.length === 0) return [''];
  const pieces: string[] = [];
  let begin = 0;
  let end = 0;
  for (const [start, stop] of findAllSubmatchIndex(re, s, -1)) {
    end = start;
    if (stop !== 0) pieces.push(s.slice(begin, end));
    begin = stop;
  }
  if (end !== s.length) pieces.push(s.slice(begin));
  return pieces;
}

/** Go's ReplaceAllString, including `$1`, `${1}`, `$name` and `$$` in the replacement. */
export function replaceAll(re: RE2JS, s: string, template: string): string {
  const names = re.namedGroups();
  let out = '';
  let last = 0;
  for (const m of findAllSubmatchIndex(re, s, -1)) {
    out += s.slice(last, m[0]) + expand(template, s, m, names);
    last = m[1];
  }
  return out + s.slice(last);
}

const NAME = /^[\p{L}\p{Nd}_]+/u;

function expand(template: string, s: string, m: number[], names: Record<string, number>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    const ref = parseReference(template, dollar + 1);
    if (ref === undefined) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    out += ref.name === '$' ? '$' : groupText(ref.name, s, m, names);
    i = ref.next;
  }
  return out;
}

function parseReference(t: string, at: number): { name: string; next: number } | undefined {
  if (t[at] === '$') return { name: '$', next: at + 1 };
  if (t[at] === '{') {
    const close = t.indexOf('}', at);
    const name = close < 0 ? '' : t.slice(at + 1, close);
    return NAME.exec(name)?.[0] === name && name !== '' ? { name, next: close + 1 } : undefined;
  }
  const name = NAME.exec(t.slice(at))?.[0];
  return name === undefined ? undefined : { name, next: at + name.length };
}

function groupText(name: string, s: string, m: number[], names: Record<string, number>): string {
  const index = /^\d+$/.test(name) ? Number(name) : names[name];
  if (index === undefined || 2 * index + 1 >= m.length || m[2 * index] < 0) return '';
  return s.slice(m[2 * index], m[2 * index + 1]);
}
