/**
 * The head of a module `warden test` compiles beside the user's: the package and imports of the
 * user's module, so that text copied from it names the same rules and functions there.
 */
import type { Module } from '../../engine/compiler/ast.js';

/** The package line, each import line as written, and a blank line. */
export function companionHeader(module: Module, source: string): string[] {
  const lines = source.split('\n');
  const imports = module.imports.map((i) => lines[i.loc.row - 1]?.replace(/\r$/, '') ?? '');
  return [packageLine(module), ...imports, ''];
}

function packageLine(module: Module): string {
  const [first, ...rest] = module.package.path;
  const parts = rest.map((p) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`));
  return `package ${first}${parts.join('')}`;
}
