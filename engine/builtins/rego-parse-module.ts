/**
 * rego.parse_module(filename, source): the module parsed by mcp-warden's own parser, returned
 * as OPA's AST JSON (opa-ast-json.ts). A parse error is a builtin error, as in OPA (undefined
 * in the wasm target, like every builtin error).
 */
import type { Diagnostic } from '../compiler/diagnostics.js';
import { parseModule } from '../compiler/syntax/index.js';
import { fail, str } from './args.js';
import { rawJson } from './exact.js';
import { moduleJson } from './opa-ast-json.js';
import type { BuiltinTable } from './types.js';

function parse(filename: unknown, source: unknown): ArrayBuffer {
  const { module, errors } = parseModule(str(filename), str(source));
  if (!module) return fail(errorText(errors));
  return rawJson(moduleJson(module));
}

/** As OPA words a list of parse errors (`1 error occurred: x.rego:1: rego_parse_error: ...`). */
function errorText(errors: Diagnostic[]): string {
  const lines = errors.map((d) => `${d.location.file}:${d.location.row}: ${d.code}: ${d.message}`);
  return lines.length === 1 ? `1 error occurred: ${lines[0]}` : `${lines.length} errors occurred:\n${lines.join('\n')}`;
}

export const regoBuiltins: BuiltinTable = {
  'rego.parse_module': parse,
};
