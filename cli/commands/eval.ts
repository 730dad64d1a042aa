/**
 * `warden eval`: compiles an ad-hoc query against the policy directory (through the same
 * compiler and wasm SDK the proxy uses) and prints the result set as JSON, one binding object
 * per solution, as OPA's wasm target returns it.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins } from '../../engine/index.js';
import { compileFailure } from '../compile-errors.js';
import { readDocument } from '../documents.js';
import { errorMessage, stderrLogger } from '../log.js';
import { readCompileSources } from '../policy-sources.js';
import { CommandFailure, optionalString, parse, requiredString, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden eval --policies DIR [--input FILE] [--data FILE] '<query>'

Evaluates a Rego query against the policies in DIR and prints the result set as JSON: one
object of the query's variable bindings per solution, [] when there is none.
The warden decision wrapper is compiled in, so 'x := data.warden.decision.result' shows the
decision the proxy would make for --input.

Options:
  --policies DIR   policy directory (*.rego; *_test.rego are skipped)   (required)
  --input FILE     input document, JSON or YAML (.yaml/.yml)
  --data FILE      base data document, JSON or YAML; replaces DIR's data file
  -h, --help       show this help

Exit codes: 0 ok, 1 compile or evaluation error, 2 usage error.`;

const options = {
  policies: { type: 'string' },
  input: { type: 'string' },
  data: { type: 'string' },
} as const;

export const evalCommand: Command = {
  summary: 'evaluate a Rego query against a policy directory',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const policyDir = requiredString(parsed.values, 'policies');
    if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'missing the query' : 'give exactly one query (quote it)');
    const inputFile = optionalString(parsed.values, 'input');
    const resultSet = await evaluateQuery(policyDir, parsed.positionals[0]!, inputFile, optionalString(parsed.values, 'data'));
    process.stdout.write(`${JSON.stringify(resultSet, null, 2)}\n`);
    return 0;
  },
};

async function evaluateQuery(policyDir: string, query: string, inputFile: string | undefined, dataFile: string | undefined): Promise<unknown> {
  const sources = await readCompileSources(policyDir, dataFile);
  const input = inputFile === undefined ? undefined : await readDocument(inputFile);
  const compiled = await compile({ modules: sources.modules, query, hostBuiltins: Object.keys(hostBuiltins) }).catch((error: unknown) => {
    throw compileFailure(error, stderrLogger(), 'eval');
  });
  try {
    const policy = await loadPolicy(compiled.wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
    policy.setData(sources.data);
    // The SDK treats a falsy input as "no input", which is what an absent --input means.
    return policy.evaluate(input ?? undefined);
  } catch (error) {
    throw new CommandFailure(`eval: ${errorMessage(error)}`);
  }
}
