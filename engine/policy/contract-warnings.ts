/**
 * A policy directory that compiles can still be useless as a warden policy: without a module in
 * package `mcp`, or without an `allow` rule there, every request is denied. That is fail closed,
 * but silently so, and it usually means a typo in a package line; so a load says it out loud.
 */
import { parseModule } from '../compiler/syntax/index.js';
import type { Module } from '../compiler/ast.js';
import { POLICY_PACKAGE } from '../decision/wrapper.js';

export function contractWarnings(modules: Record<string, string>, regoVersion: 0 | 1 = 1): string[] {
  const parsed = Object.entries(modules).flatMap(([file, source]) => parseModule(file, source, { regoVersion }).module ?? []);
  const mcp = parsed.filter((m) => isPackage(m, [POLICY_PACKAGE]));
  if (mcp.length === 0) {
    const packages = [...new Set(parsed.map((m) => ['data', ...m.package.path].join('.')))].sort();
    return [`no module declares package ${POLICY_PACKAGE} (found: ${packages.join(', ') || 'none'}): every request will be denied`];
  }
  if (!mcp.some(definesAllow)) {
    return [`package ${POLICY_PACKAGE} defines no allow rule: every request will be denied`];
  }
  return [];
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
