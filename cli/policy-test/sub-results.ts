/**
 * The test cases of a parameterized test (`test_x[note] if { some note, tc in cases; ... }`)
 * from the value its rule evaluates to: an object keyed by the first case variable, nested once
 * per further variable, whose leaves are the rule's value. A leaf that is not `true` fails;
 * a case fails when any case below it fails. Keys print as `opa test` prints them: strings
 * raw, anything else as JSON. `enumerated`, the same tree from the test's companion case rule
 * (./cases.ts), adds the cases that yielded nothing: those failed.
 */
import type { SubResult } from './result.js';

export function subResultsOf(value: unknown, depth: number, enumerated?: unknown): Record<string, SubResult> | undefined {
  if (!isObject(value) && !isObject(enumerated)) return undefined;
  const out: Record<string, SubResult> = {};
  for (const key of new Set([...keysOf(enumerated), ...keysOf(value)])) {
    out[key] = caseOf(key, childOf(value, key), depth - 1, childOf(enumerated, key));
  }
  return out;
}

function caseOf(name: string, value: unknown, below: number, enumerated: unknown): SubResult {
  if (below === 0) return value === true ? { name } : { name, fail: true };
  const children = subResultsOf(value, below, enumerated);
  if (!children || Object.keys(children).length === 0) return { name, fail: true };
  const fail = Object.values(children).some((c) => c.fail);
  return fail ? { name, fail: true, sub_results: children } : { name, sub_results: children };
}

function keysOf(value: unknown): string[] {
  return isObject(value) ? Object.keys(value) : [];
}

function childOf(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
