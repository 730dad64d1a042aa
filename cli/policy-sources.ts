/**
 * The modules and data `eval` and `build` compile: the policy directory as `run` reads it
 * (no *_test.rego), plus the warden decision wrapper, so `data.warden.decision.result` can be
 * queried or built exactly as the proxy evaluates it.
 */
import { readPolicyDir } from '../engine/policy/index.js';
import { INPUT_SCHEMAS, LISTING_DENY, WRAPPER_FILE, WRAPPER_SOURCE } from '../engine/decision/index.js';
import type { CompileOptions } from '../engine/compiler/index.js';
import type { JsonObject } from '../engine/protocol/jsonrpc.js';
import { CommandFailure } from './usage.js';

export interface CompileSources {
  modules: Record<string, string>;
  data: JsonObject;
  /** `data` with every digit of its integers past 2^53, when it holds any (PolicySources.exactData). */
  exactData?: string;
  /** What the proxy's own build passes besides the modules, so a built or evaluated decision equals the proxy's. */
  options: Pick<CompileOptions, 'inputBounded' | 'inputSchemas'>;
}

export async function readCompileSources(dir: string): Promise<CompileSources> {
  const sources = await readPolicyDir(dir).catch((error: unknown) => {
    throw new CommandFailure(`cannot read policies from ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const { data, exactData } = sources;
  return {
    modules: { ...sources.modules, [WRAPPER_FILE]: WRAPPER_SOURCE }, data, ...(exactData === undefined ? {} : { exactData }),
    options: { inputBounded: [LISTING_DENY], inputSchemas: INPUT_SCHEMAS },
  };
}
