/**
 * `warden eval`: evaluates a Rego query as `opa eval` does, through the same compiler and
 * wasm SDK the proxy uses, and prints the value of each expression of the query (and its
 * variable bindings) in OPA's output formats.
 */
import { installData, loadPolicyWasm } from '../../engine/policy/load-wasm.js';
import { evaluateDirectText } from '../../engine/policy/direct-eval.js';
import { parseWrittenJson } from '../../engine/builtins/exact.js';
import { compile, hostBuiltins, type CompileOptions, type Diagnostic } from '../../engine/index.js';
import { QUERY_CONTEXT_FILE } from '../../engine/compiler/compile/query-context.js';
import { withBuiltinReason } from '../../engine/builtins/failures.js';
import { readSchemaDir } from '../check/schema-dir.js';
import { formatJson, formatPretty } from '../check/report.js';
import { readInput, type EvalInput } from '../eval/input.js';
import { DEFAULT_PRETTY_LIMIT, FORMATS, formatResults, type Format } from '../eval/output.js';
import { splitQuery, type SplitQuery } from '../eval/query.js';
import { callValueOracle } from '../eval/call-value.js';
import { resultSet } from '../eval/result.js';
import { readEvalSources } from '../eval/sources.js';
import type { CompileSources } from '../policy-sources.js';
import { errorMessage } from '../log.js';
import { checkTarget } from '../target-option.js';
import { withPrintOutput } from '../print-output.js';
import { CommandFailure, EXIT_FAILURE, EXIT_OK, optionalString, parse, regoVersionOf, stringList, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden eval [--policies DIR] [-d PATH...] [-b DIR...] [--package PATH] [--import PATH...]
                   [-i FILE|-] [-f FORMAT] '<query>'

Evaluates a Rego query and prints the value of each of its expressions, as "opa eval" does.
With --policies, the warden decision wrapper is compiled in, so
'data.warden.decision.result' shows the decision the proxy would make for the input.

Options:
  --policies DIR          policy directory as the proxy reads it (*_test.rego skipped)
  -d, --data PATH         a .rego file, a .json/.yaml data file (merged at the root), or a
                          directory of both (data files merged at their directory's path);
                          repeatable; data given here replaces DIR's data file
  -b, --bundle DIR        a bundle directory, as opa eval -b reads one: its .rego files, its
                          data.json/data.yaml files at their directory's path, .manifest roots
                          checked; repeatable (archives: extract them first)
  --package PATH          read the query in package PATH: its rules by their own names
                          ("allow" is data.PATH.allow), as opa eval's --package
  --import PATH           read the query with this import ("data.lib.names",
                          "data.x as y", "input.params"); repeatable, as opa eval's --import
  -i, --input FILE        input document, JSON or YAML; - reads standard input
  -I, --stdin-input       read the input document from standard input
  -f, --format FORMAT     json (default), values, bindings, raw or pretty
  --pretty-limit N        cut pretty table cells after N characters (default ${DEFAULT_PRETTY_LIMIT}; 0: never)
  --schema DIR            JSON Schemas that METADATA schemas: annotations name (DIR/a/b.json
                          is schema.a.b)
  --strict-builtin-errors a builtin call that fails is an error, not undefined
  --v0-compatible         parse the modules as Rego v0 (a module importing rego.v1 stays v1)
  --v1-compatible         parse the modules as Rego v1, the default (--v0-compatible wins)
  -t, --target TARGET     wasm, what warden always evaluates; rego is a usage error (no interpreter)
  --fail                  exit 1 when the result is undefined
  --fail-defined          exit 1 when the result is defined
  -h, --help              show this help

Output (json): {"result": [{"expressions": [{"value", "text", "location"}], "bindings"}]},
or {} when the query is undefined; compile errors as {"errors": [...]}.

Exit codes: 0 ok, 1 --fail/--fail-defined, 2 an error (usage, loading, compile or evaluation), as opa eval's.`;

const options = {
  policies: { type: 'string' },
  data: { type: 'string', short: 'd', multiple: true },
  bundle: { type: 'string', short: 'b', multiple: true },
  package: { type: 'string' },
  import: { type: 'string', multiple: true },
  input: { type: 'string', short: 'i' },
  'stdin-input': { type: 'boolean', short: 'I' },
  format: { type: 'string', short: 'f' },
  'pretty-limit': { type: 'string' },
  schema: { type: 'string' },
  'strict-builtin-errors': { type: 'boolean' },
  'v0-compatible': { type: 'boolean' },
  'v1-compatible': { type: 'boolean' },
  target: { type: 'string', short: 't' },
  fail: { type: 'boolean' },
  'fail-defined': { type: 'boolean' },
} as const;

export const evalCommand: Command = {
  summary: 'evaluate a Rego query (opa eval)',
  usage,
  async run(argv) {
    try {
      return await evalQuery(argv);
    } catch (error) {
      // opa eval exits 2 on every error, so that --fail-defined's 1 means the result alone.
      if (error instanceof CommandFailure && error.exitCode === EXIT_FAILURE) throw new CommandFailure(error.message, EXIT_ERROR);
      throw error;
    }
  },
};

/** What `opa eval` exits with when it cannot answer: loading, compiling or evaluating failed. */
const EXIT_ERROR = 2;

async function evalQuery(argv: string[]): Promise<number> {
  const parsed = parse(argv, options);
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'missing the query' : 'give exactly one query (quote it)');
  const query = parsed.positionals[0]!;
  const format = formatOption(optionalString(parsed.values, 'format'));
  const prettyLimit = limitOption(optionalString(parsed.values, 'pretty-limit'));
  if (parsed.values.fail === true && parsed.values['fail-defined'] === true) throw new UsageError('--fail and --fail-defined exclude each other');
  checkTarget(parsed.values.target, 'eval', ['rego']);
  const regoVersion = regoVersionOf(parsed.values);
  const sources = await readEvalSources(optionalString(parsed.values, 'policies'), stringList(parsed.values, 'data'), stringList(parsed.values, 'bundle'), regoVersion);
  const input = await readInput(optionalString(parsed.values, 'input'), parsed.values['stdin-input'] === true);
  const { split, errors } = splitQuery(query, callValueOracle(sources.modules, regoVersion));
  if (!split) return reportErrors(errors, format, sources, query);
  const queryContext = { package: optionalString(parsed.values, 'package'), imports: stringList(parsed.values, 'import') };
  const extra = { schemas: await readSchemaDir(optionalString(parsed.values, 'schema')), strictBuiltinErrors: parsed.values['strict-builtin-errors'] === true, regoVersion, queryContext };
  const compiled = await compileQuery(sources, split, query, extra);
  if ('errors' in compiled) return reportErrors(compiled.errors, format, sources, query);
  const results = resultSet(split.exprs, await evaluate(compiled.wasm, sources, input));
  process.stdout.write(formatResults(format, results, prettyLimit));
  if (parsed.values.fail === true && results.length === 0) return EXIT_FAILURE;
  if (parsed.values['fail-defined'] === true && results.length > 0) return EXIT_FAILURE;
  return EXIT_OK;
}

/**
 * Compiles the rewritten query. When that fails, the errors come from compiling the query as
 * written, so their locations point into what the user typed, not into the rewrite.
 */
async function compileQuery(sources: CompileSources, split: SplitQuery, query: string, extra: Pick<CompileOptions, 'schemas' | 'strictBuiltinErrors' | 'regoVersion' | 'queryContext'>): Promise<{ wasm: Uint8Array } | { errors: Diagnostic[] }> {
  const build = (q: string) => compile({ modules: sources.modules, data: sources.data, query: q, hostBuiltins: Object.keys(hostBuiltins), ...sources.options, ...extra });
  try {
    return await build(split.rewritten);
  } catch (rewriteError) {
    const asWritten = await build(query).then(() => rewriteError, (error: unknown) => error);
    const errors = diagnosticsOf(asWritten);
    if (errors.length === 0) throw new CommandFailure(errorMessage(asWritten));
    return { errors };
  }
}

/**
 * The rows of the result set, numbers kept as written (`1e3`, `1.50`, digits past 2^53), as OPA
 * prints them: the result's JSON text is read directly (the SDK's evaluate would JSON.parse it),
 * falling back to the SDK's value should its internals change. Input is given whenever --input
 * is, even a falsy one, as OPA gives it.
 */
async function evaluate(wasm: Uint8Array, sources: CompileSources, input: EvalInput | undefined): Promise<Record<string, unknown>[]> {
  try {
    const policy = await loadPolicyWasm(wasm, hostBuiltins);
    installData(policy, sources);
    const inputJson = input === undefined ? '' : input.json;
    const text = withPrintOutput((line) => process.stderr.write(`${line}\n`), () => evaluateDirectText(policy, inputJson, 0)
      ?? JSON.stringify(policy.evaluate(input?.value ?? undefined)));
    return parseWrittenJson(text) as Record<string, unknown>[];
  } catch (error) {
    throw new CommandFailure(errorMessage(withBuiltinReason(error)));
  }
}

function reportErrors(errors: readonly Diagnostic[], format: Format, sources: CompileSources, query: string): number {
  const texts = { ...sources.modules, query };
  if (format === 'json') process.stdout.write(formatJson(errors, texts));
  // A query (and its --package/--import) is not loaded from a file: its parse errors are not "during loading", as in OPA.
  else process.stderr.write(formatPretty(errors, texts, errors.every((d) => d.code === 'rego_parse_error' && d.location.file !== 'query' && d.location.file !== QUERY_CONTEXT_FILE)));
  return EXIT_ERROR;
}

function diagnosticsOf(error: unknown): Diagnostic[] {
  const errors = typeof error === 'object' && error !== null ? (error as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) ? (errors as Diagnostic[]) : [];
}

function formatOption(value: string | undefined): Format {
  if (value === undefined) return 'json';
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`unknown format "${value}": use ${FORMATS.join(', ')}`);
  return value as Format;
}

function limitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PRETTY_LIMIT;
  if (!/^\d+$/.test(value)) throw new UsageError(`--pretty-limit needs a whole number, got "${value}"`);
  return Number(value);
}
