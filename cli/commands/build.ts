/**
 * `warden build`: compiles policies to one OPA-ABI wasm module with the given entrypoints,
 * loadable by any OPA wasm SDK (pass mcp-warden's hostBuiltins as custom builtins), written as
 * the bundle `opa build -t wasm` writes or, to a FILE.wasm, as the bare module.
 */
import { stat, writeFile } from 'node:fs/promises';
import { compile, hostBuiltins } from '../../engine/index.js';
import { wasmBundle } from '../build/wasm-bundle.js';
import { compileFailure } from '../compile-errors.js';
import { checkTarget } from '../target-option.js';
import { readEvalSources } from '../eval/sources.js';
import { errorMessage, stderrLogger } from '../log.js';
import { CommandFailure, optionalString, parse, regoVersionOf, stringList, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden build [--policies] PATH [PATH...] -e ENTRYPOINT [-e ENTRYPOINT...] [-o FILE]

Compiles the policies in PATHs to an OPA-ABI WebAssembly module, as opa build -t wasm does. Each
entrypoint is a rule path such as mcp/allow (or warden/decision/result, the decision the proxy
evaluates) and evaluates to [{"result": value}]. Load it with @open-policy-agent/opa-wasm and
mcp-warden's hostBuiltins.

The first PATH, when a directory, is read as warden run reads a policy directory (*_test.rego
skipped, with the decision wrapper). Any other PATH is read as opa build reads it: a .rego file
is a module, a .json/.yaml file is data at the root, a directory gives every .rego below it and
its data files at the path of their directory.

Output: a FILE ending in .wasm gets the bare module; any other FILE (default bundle.tar.gz) gets
the bundle opa build -t wasm writes: /data.json, /policy.wasm and /.manifest naming each
entrypoint's module (without OPA's copy of the Rego sources).

Options:
  --policies DIR               policy directory, the first PATH
  -e, --entrypoint PATH        rule path to export; repeatable                      (required)
  -o, --output FILE            where to write the bundle or module (default bundle.tar.gz)
  -t, --target TARGET          wasm, the only target (rego and plan are usage errors: no interpreter)
  --v0-compatible              parse the modules as Rego v0 (a module importing rego.v1 stays v1)
  -h, --help                   show this help

Exit codes: 0 ok, 1 compile or write error, 2 usage error.`;

const options = {
  policies: { type: 'string' },
  entrypoint: { type: 'string', short: 'e', multiple: true },
  output: { type: 'string', short: 'o' },
  target: { type: 'string', short: 't' },
  'v0-compatible': { type: 'boolean' },
} as const;

const DEFAULT_OUTPUT = 'bundle.tar.gz';

export const buildCommand: Command = {
  summary: 'compile a policy directory to an OPA-ABI wasm module',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const paths = pathsOf(optionalString(parsed.values, 'policies'), parsed.positionals);
    const entrypoints = stringList(parsed.values, 'entrypoint');
    if (entrypoints.length === 0) throw new UsageError('missing required option -e/--entrypoint');
    checkTarget(optionalString(parsed.values, 'target'), 'build', ['rego', 'plan']);
    const output = optionalString(parsed.values, 'output') ?? DEFAULT_OUTPUT;
    const regoVersion = regoVersionOf(parsed.values);
    const [first, ...rest] = paths;
    const policyDir = await isDirectory(first!) ? first : undefined;
    const sources = await readEvalSources(policyDir, policyDir === undefined ? paths : rest);
    const compiled = await compile({
      ...sources.options, modules: sources.modules, entrypoints, hostBuiltins: Object.keys(hostBuiltins), regoVersion,
    }).catch((error: unknown) => {
      throw compileFailure(error, stderrLogger(), 'build');
    });
    const ordered = Object.entries(compiled.entrypoints).sort(([, a], [, b]) => a - b);
    const bytes = output.endsWith('.wasm') ? compiled.wasm : wasmBundle({
      wasm: compiled.wasm, dataText: sources.exactData ?? JSON.stringify(sources.data), entrypoints: ordered.map(([name]) => name), regoVersion,
    });
    await writeFile(output, bytes).catch((error: unknown) => {
      throw new CommandFailure(`cannot write ${output}: ${errorMessage(error)}`);
    });
    const listed = ordered.map(([name, id]) => `${name}=${id}`).join(', ');
    process.stderr.write(`warden: wrote ${output} (${bytes.byteLength} bytes; entrypoints ${listed})\n`);
    return 0;
  },
};

function pathsOf(flag: string | undefined, positionals: readonly string[]): string[] {
  const given = flag === undefined ? [...positionals] : [flag, ...positionals];
  if (given.length === 0) throw new UsageError('give the policies: warden build PATH [PATH...] (or --policies DIR)');
  return given;
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((info) => info.isDirectory(), () => false);
}
