/**
 * A policy directory that compiles can still be useless as a warden policy: without a module in
 * package `mcp`, or without an `allow` rule there, every request is denied. That is fail closed,
 * but silently so, and it usually means a typo in a package line; so a load says it out loud.
 *
 * Likewise a rule that gives a decision field the wrong shape (`deny if ...`, a boolean where a
 * set of reasons belongs; `allow contains ...`) compiles, and then every message it applies to
 * is denied as an invalid decision document: the load names the rule, at its file:row:col, so
 * the operator who saved it learns why before the denials do. A field defined as a function
 * does not compile at all; functionFieldErrors names its rule for the compile error.
 */
import { parseModule } from '../compiler/syntax/index.js';
import type { Module, Rule } from '../compiler/ast.js';
import { DiagnosticCode, type Diagnostic } from '../compiler/diagnostics.js';
import { POLICY_PACKAGE } from '../decision/wrapper.js';

/** The warnings for a policy's modules as parsed (the compiler hands them over: build.ts). */
export function contractWarnings(parsed: readonly Module[]): string[] {
  const mcp = parsed.filter((m) => isPackage(m, [POLICY_PACKAGE]));
  if (mcp.length === 0) {
    const packages = [...new Set(parsed.map((m) => ['data', ...m.package.path].join('.')))].sort();
    return [`no module declares package ${POLICY_PACKAGE} (found: ${packages.join(', ') || 'none'}): every request will be denied`];
  }
  if (!mcp.some(definesAllow)) {
    return [`package ${POLICY_PACKAGE} defines no allow rule: every request will be denied`];
  }
  return mcp.flatMap((m) => m.rules.flatMap(shapeWarning));
}

/**
 * A decision field defined as a function (`deny(x) if ...`) does not compile: the wrapper reads
 * the field as a value, and the compiler says so at the wrapper's line, in a file the operator
 * never wrote. These errors say it at the rule instead.
 */
export function functionFieldErrors(modules: Record<string, string>, regoVersion: 0 | 1 = 1): Diagnostic[] {
  const mcp = parsedModules(modules, regoVersion).filter((m) => isPackage(m, [POLICY_PACKAGE]));
  return mcp.flatMap((m) => m.rules.flatMap((rule) => {
    const defined = decisionField(rule);
    if (defined === undefined || rule.head.args === undefined || rule.head.ref.length > 1) return [];
    const { name, field } = defined;
    const message = `${name} is defined as a function (${name}(...)), but the decision reads it as a value: ${name} must be ${field.want}`;
    return [{ code: DiagnosticCode.type, message, location: rule.loc }];
  }));
}

function parsedModules(modules: Record<string, string>, regoVersion: 0 | 1): Module[] {
  return Object.entries(modules).flatMap(([file, source]) => parseModule(file, source, { regoVersion }).module ?? []);
}

type Shape = 'a boolean' | 'a string' | 'a number' | 'null' | 'an object' | 'a set' | 'an array';

/** The shapes each decision field may have (docs/policy-contract.md); a set is written as an array. */
const FIELD_SHAPES: ReadonlyMap<string, { want: string; shapes: readonly Shape[] }> = new Map([
  ['allow', { want: 'a boolean (allow if ...)', shapes: ['a boolean'] }],
  ['deny', { want: 'a set of reasons (deny contains "reason" if ...)', shapes: ['a set', 'an array'] }],
  ['visible_tools', { want: 'a set of tool names (visible_tools contains name if ...)', shapes: ['a set', 'an array'] }],
  ['redactions', { want: 'a set of paths (redactions contains path if ...)', shapes: ['a set', 'an array'] }],
  ['route', { want: 'a string or an array of strings', shapes: ['a string', 'a set', 'an array'] }],
  ['retry', { want: 'a boolean (retry if ...)', shapes: ['a boolean'] }],
]);

/** The decision field a rule of package mcp defines, if its head names one. */
function decisionField(rule: Rule): { name: string; field: { want: string; shapes: readonly Shape[] } } | undefined {
  const name = headName(rule.head.ref[0]);
  const field = name === undefined ? undefined : FIELD_SHAPES.get(name);
  return name === undefined || field === undefined ? undefined : { name, field };
}

function shapeWarning(rule: Rule): string[] {
  const defined = decisionField(rule);
  const shape = shapeOf(rule);
  if (defined === undefined || shape === undefined || defined.field.shapes.includes(shape)) return [];
  const { name, field } = defined;
  const { file, row, col } = rule.loc;
  return [`${file}:${row}:${col}: ${name} must be ${field.want}, but this rule makes it ${shape}: a message it applies to is denied as an invalid decision document`];
}

/** What the rule makes its field, where its head says; undefined when only evaluation can tell. */
function shapeOf(rule: Rule): Shape | undefined {
  const { head } = rule;
  if (head.args !== undefined) return undefined;
  if (head.ref.length > 1) return 'an object';
  if (head.contains !== undefined) return 'a set';
  const value = head.value;
  if (value === undefined) return 'a boolean';
  switch (value.type) {
    case 'boolean': return 'a boolean';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'null': return 'null';
    case 'object': case 'objectcomp': return 'an object';
    case 'set': case 'setcomp': return 'a set';
    case 'array': case 'arraycomp': return 'an array';
    default: return undefined;
  }
}

function isPackage(module: Module, path: string[]): boolean {
  return module.package.path.length === path.length && module.package.path.every((part, i) => part === path[i]);
}

function definesAllow(module: Module): boolean {
  return module.rules.some((rule) => headName(rule.head.ref[0]) === 'allow');
}

function headName(term: Module['rules'][number]['head']['ref'][number] | undefined): string | undefined {
  return term?.type === 'var' ? term.name : undefined;
}
