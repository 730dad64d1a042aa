/**
 * `warden check`: a drop-in for `opa check`. Compiles every .rego file below the given paths
 * together, with the compiler the proxy uses, and reports every error at once; `--strict`
 * adds OPA's strict-mode checks.
 */
import { hostBuiltins } from '../../engine/index.js';
import { checkModules } from '../check/compile-check.js';
import { loadRegoFiles } from '../check/load.js';
import { DEFAULT_MAX_ERRORS, formatJson, formatPretty, limitErrors } from '../check/report.js';
import { readSchemaDir } from '../check/schema-dir.js';
import { EXIT_FAILURE, EXIT_OK, optionalString, parse, regoVersionOf, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden check [--strict] [--format pretty|json] [--max-errors N] <path> [<path>...]

Checks Rego files for errors without evaluating them, as "opa check" does: every .rego file
below the paths (tests included) is parsed and compiled together, and every error is printed
as file:row:col: code: message with OPA's codes (rego_parse_error, rego_compile_error,
rego_type_error, rego_unsafe_var_error, rego_recursion_error).

Options:
  -S, --strict            also apply OPA's strict mode: unused local assignments, arguments
                          and imports, duplicate imports, input/data redefined, deprecated
                          built-ins
  -f, --format FORMAT     pretty (default, on stderr) or json (OPA's {"errors": [...]}, on stdout)
  -m, --max-errors N      stop listing after N errors; 0 or less lists all (default ${DEFAULT_MAX_ERRORS})
  --v0-compatible         parse the files as Rego v0
  -s, --schema DIR        JSON Schemas that METADATA schemas: annotations name (DIR/a/b.json
                          is schema.a.b)
  -h, --help              show this help

Exit codes: 0 no errors, 1 errors found (or a path cannot be read), 2 usage error.`;

const options = {
  strict: { type: 'boolean', short: 'S' },
  format: { type: 'string', short: 'f' },
  'max-errors': { type: 'string', short: 'm' },
  'v0-compatible': { type: 'boolean' },
  schema: { type: 'string', short: 's' },
} as const;

export const checkCommand: Command = {
  summary: 'check Rego files for errors (opa check)',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    if (parsed.positionals.length === 0) throw new UsageError('give at least one file or directory to check');
    const format = optionalString(parsed.values, 'format') ?? 'pretty';
    if (format !== 'pretty' && format !== 'json') throw new UsageError(`unknown format "${format}": use pretty or json`);
    const maxErrors = integerOption(optionalString(parsed.values, 'max-errors'), DEFAULT_MAX_ERRORS);
    const sources = await loadRegoFiles(parsed.positionals);
    const schemas = await readSchemaDir(optionalString(parsed.values, 'schema'));
    const errors = await checkModules(sources, {
      schemas,
      strict: parsed.values.strict === true,
      regoVersion: regoVersionOf(parsed.values),
      hostBuiltins: Object.keys(hostBuiltins),
    });
    if (errors.length === 0) return EXIT_OK;
    const shown = limitErrors(errors, maxErrors);
    if (format === 'json') process.stdout.write(formatJson(shown, sources));
    else process.stderr.write(formatPretty(shown, sources));
    return EXIT_FAILURE;
  },
};

function integerOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--max-errors needs an integer, got "${value}"`);
  return Number(value);
}
