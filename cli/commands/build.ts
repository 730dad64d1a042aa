/**
 * `warden build`: compiles a policy directory to one OPA-ABI wasm module with the given
 * entrypoints, loadable by any OPA wasm SDK (pass mcp-warden's hostBuiltins as custom builtins).
 */
import { writeFile } from 'node:fs/promises';
import { compile, hostBuiltins } from '../../engine/index.js';
import { compileFailure } from '../compile-errors.js';
import { errorMessage, stderrLogger } from '../log.js';
import { readCompileSources } from '../policy-sources.js';
import { CommandFailure, optionalString, parse, regoVersionOf, requiredString, stringList, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden build [--policies] DIR -e ENTRYPOINT [-e ENTRYPOINT...] -o FILE

Compiles the policies in DIR (given as opa build takes it, or with --policies) to an OPA-ABI WebAssembly module. Each entrypoint is a rule path
such as mcp/allow (or warden/decision/result, the decision the proxy evaluates) and evaluates
to [{"result": value}]. Load it with @open-policy-agent/opa-wasm and mcp-warden's hostBuiltins.

Options:
  --policies DIR               policy directory (*.rego; *_test.rego are skipped)
  -e, --entrypoint PATH        rule path to export; repeatable                      (required)
  -o, --output FILE            where to write the wasm module                       (required)
  --v0-compatible              parse the modules as Rego v0 (a module importing rego.v1 stays v1)
  -h, --help                   show this help

Exit codes: 0 ok, 1 compile or write error, 2 usage error.`;

const options = {
  policies: { type: 'string' },
  entrypoint: { type: 'string', short: 'e', multiple: true },
  output: { type: 'string', short: 'o' },
  'v0-compatible': { type: 'boolean' },
} as const;

export const buildCommand: Command = {
  summary: 'compile a policy directory to an OPA-ABI wasm module',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const policyDir = policyDirOf(optionalString(parsed.values, 'policies'), parsed.positionals);
    const entrypoints = stringList(parsed.values, 'entrypoint');
    if (entrypoints.length === 0) throw new UsageError('missing required option -e/--entrypoint');
    const output = requiredString(parsed.values, 'output');
    const sources = await readCompileSources(policyDir);
    const compiled = await compile({
      ...sources.options, modules: sources.modules, entrypoints, hostBuiltins: Object.keys(hostBuiltins), regoVersion: regoVersionOf(parsed.values),
    }).catch((error: unknown) => {
      throw compileFailure(error, stderrLogger(), 'build');
    });
    await writeFile(output, compiled.wasm).catch((error: unknown) => {
      throw new CommandFailure(`cannot write ${output}: ${errorMessage(error)}`);
    });
    const listed = Object.entries(compiled.entrypoints).map(([name, id]) => `${name}=${id}`).join(', ');
    process.stderr.write(`warden: wrote ${output} (${compiled.wasm.byteLength} bytes; entrypoints ${listed})\n`);
    return 0;
  },
};

function policyDirOf(flag: string | undefined, positionals: readonly string[]): string {
  const given = flag === undefined ? positionals : [flag, ...positionals];
  if (given.length === 0) throw new UsageError('give the policy directory: warden build DIR (or --policies DIR)');
  if (given.length > 1) throw new UsageError(`give one policy directory, not ${given.length}: ${given.join(', ')}`);
  return given[0]!;
}
