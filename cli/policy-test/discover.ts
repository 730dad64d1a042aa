/**
 * Test discovery from the parsed modules (never from the source text by pattern): a rule whose
 * head ref starts with `test_` (or `todo_test_`, reported SKIPPED) is a test, in file order then
 * rule order. Variables after the name (`test_x[note]`) make it parameterized: each binding is
 * a test case. Several rules with one name are several tests, the later ones named
 * `test_x#01`, `test_x#02`... as `opa test` names them; to compile them as separate entrypoints
 * each later rule is renamed, in a copy of its source, to a name no user rule can have.
 */
import type { Location, Module, Rule, Term } from '../../engine/compiler/ast.js';
import type { Diagnostic } from '../../engine/compiler/diagnostics.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';
import { caseRule } from './cases.js';
import { offsetOf } from '../source-offset.js';

export const TEST_PREFIX = 'test_';
export const SKIP_PREFIX = 'todo_test_';

export interface TestCase {
  /** `data.pkg`, as `opa test` prints it. */
  package: string;
  /** The rule name as reported: `test_x`, `test_x#01`. */
  name: string;
  /** The compiled entrypoint (`pkg/test_x`, or the hidden name of a renamed duplicate). */
  entrypoint: string;
  location: Location;
  skip: boolean;
  /** Number of test-case variables in the head (0: a plain test). */
  caseDepth: number;
  /** For a parameterized test: the entrypoint listing every case it enumerates (./cases.ts). */
  casesEntrypoint?: string;
}

export interface Discovery {
  tests: TestCase[];
  /** The sources to compile: the originals, with duplicate test rules renamed. */
  modules: Record<string, string>;
  /** Companion modules listing the cases of parameterized tests, by module name. */
  caseModules: Record<string, string>;
  errors: Diagnostic[];
}

interface Found {
  test: TestCase;
  /** Where the name's identifier starts in its module, for a rename. */
  nameAt: Location;
  bareName: string;
  nameIndex: number;
  duplicate: number;
}

export function discoverTests(modules: Record<string, string>, regoVersion: 0 | 1 = 1): Discovery {
  const errors: Diagnostic[] = [];
  const found: Found[] = [];
  const seen = new Map<string, number>();
  const caseModules: Record<string, string> = {};
  for (const [file, source] of Object.entries(modules)) {
    const parsed = parseModule(file, source, { regoVersion });
    if (!parsed.module) {
      errors.push(...parsed.errors);
      continue;
    }
    for (const rule of parsed.module.rules) {
      const one = testOf(parsed.module, rule, seen);
      if (!one) continue;
      found.push(one);
      const companion = one.test.caseDepth > 0 && !one.test.skip ? caseRule(parsed.module, source, rule, one.nameIndex, casesName(one)) : undefined;
      if (companion) {
        one.test.casesEntrypoint = companion.entrypoint;
        caseModules[companion.file] = companion.source;
      }
    }
  }
  return { tests: found.map((f) => f.test), modules: renameDuplicates(modules, found), caseModules, errors };
}

function testOf(module: Module, rule: Rule, seen: Map<string, number>): Found | undefined {
  if (rule.default || rule.head.args) return undefined;
  const ref = rule.head.ref;
  const index = ref.findIndex((term, i) => {
    const name = groundName(term, i);
    return name !== undefined && (name.startsWith(TEST_PREFIX) || name.startsWith(SKIP_PREFIX));
  });
  if (index === -1 || !ref.slice(0, index).every((term, i) => groundName(term, i) !== undefined)) return undefined;
  const parts = ref.slice(0, index + 1).map((term, i) => groundName(term, i)!);
  const bareName = parts.join('.');
  const pkg = ['data', ...module.package.path].join('.');
  const key = `${pkg}.${bareName}`;
  const duplicate = seen.get(key) ?? 0;
  seen.set(key, duplicate + 1);
  const name = duplicate === 0 ? bareName : `${bareName}#${String(duplicate).padStart(2, '0')}`;
  const entryParts = duplicate === 0 ? parts : [...parts.slice(0, -1), hiddenName(parts.at(-1)!, duplicate)];
  return {
    test: {
      package: pkg,
      name,
      entrypoint: [...module.package.path, ...entryParts].join('/'),
      location: rule.loc,
      skip: parts.at(-1)!.startsWith(SKIP_PREFIX),
      caseDepth: ref.length - index - 1,
    },
    nameAt: ref[index]!.loc,
    bareName: parts.at(-1)!,
    nameIndex: index,
    duplicate,
  };
}

/** The first term of a head ref is a var naming the rule; later ground terms are strings. */
function groundName(term: Term, index: number): string | undefined {
  if (index === 0 && term.type === 'var') return term.name;
  if (index > 0 && term.type === 'string') return term.value;
  return undefined;
}

function hiddenName(name: string, duplicate: number): string {
  return `${name}__warden_dup_${String(duplicate).padStart(2, '0')}`;
}

function casesName(f: Found): string {
  return `__warden_cases_${f.bareName}_${String(f.duplicate).padStart(2, '0')}`;
}

function renameDuplicates(modules: Record<string, string>, found: readonly Found[]): Record<string, string> {
  const out = { ...modules };
  const byFile = new Map<string, Found[]>();
  for (const f of found) {
    if (f.duplicate > 0) byFile.set(f.nameAt.file, [...(byFile.get(f.nameAt.file) ?? []), f]);
  }
  for (const [file, renames] of byFile) {
    let source = out[file]!;
    // Last first, so earlier offsets stay valid.
    for (const f of renames.sort((a, b) => b.nameAt.row - a.nameAt.row || b.nameAt.col - a.nameAt.col)) {
      source = renameAt(source, f);
    }
    out[file] = source;
  }
  return out;
}

function renameAt(source: string, f: Found): string {
  const offset = offsetOf(source, f.nameAt);
  const quoted = JSON.stringify(f.bareName);
  const replacement = hiddenName(f.bareName, f.duplicate);
  if (source.startsWith(f.bareName, offset)) return source.slice(0, offset) + replacement + source.slice(offset + f.bareName.length);
  if (source.startsWith(quoted, offset)) return source.slice(0, offset) + JSON.stringify(replacement) + source.slice(offset + quoted.length);
  throw new Error(`discoverTests: ${f.nameAt.file}:${f.nameAt.row}:${f.nameAt.col} does not hold ${f.bareName}`);
}
