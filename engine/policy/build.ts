/**
 * Turns policy sources into a WardenPolicy: compile the user's modules together with the
 * warden wrapper (against the base data, whose paths no rule may take), load the wasm with the
 * host builtins, install the base data, warm it up.
 * Every failure becomes a PolicyLoadError with diagnostics. The two halves are separate so a
 * reload can compile (and warm the compiled code) on a worker thread and only instantiate on
 * the thread that decides messages (build-off-thread.ts).
 */
import { compile, type CompileResult, type InputReads, type StageHooks, type StageTimer } from '../compiler/index.js';
import type { Module } from '../compiler/ast.js';
import { hostBuiltins } from '../builtins/index.js';
import { INPUT_SCHEMAS } from '../decision/input-schema.js';
import { DECISION_ENTRYPOINT, LISTING_DENY, RESERVED_PACKAGE, WRAPPER_FILE, WRAPPER_SOURCE } from '../decision/wrapper.js';
import { contractWarnings, functionFieldErrors } from './contract-warnings.js';
import { DEFAULT_BUDGET_MS } from './evaluate.js';
import { policyDigest } from './digest.js';
import { PolicyLoadError } from './errors.js';
import { WardenPolicy } from './policy.js';
import { warmUp } from './warmup.js';
import { installData, loadPolicyWasm, type CompiledModule } from './load-wasm.js';
import type { PolicyContent } from './sources.js';

/**
 * Warm-up passes over the samples on the thread that will decide with the policy. One pass
 * leaves the first real decision about twice as slow as the steady state (the JavaScript side of
 * a new instance is not yet optimized); ten passes, well under a millisecond, bring it near.
 */
const WARM_UP_ROUNDS = 10;

export interface BuildOptions {
  /** Evaluation budget per message in ms of work (default 100), converted to fuel; spent, the message is denied. */
  budgetMs?: number;
  /**
   * The sources' policyDigest, when the caller worked it out already: it is not worked out again.
   * It takes a canonical JSON pass over the data, 0.4 s for a data document of 100,000 rows.
   */
  digest?: string;
}

/** The decision entrypoint's id, and what it reads of its input. */
export interface DecisionEntrypoint {
  entrypoint: number;
  inputReads: InputReads;
}

/** The compiler's output for the warden: the wasm, its decision entrypoint, and the contract warnings (contract-warnings.ts). */
export interface CompiledPolicy extends DecisionEntrypoint {
  wasm: Uint8Array;
  warnings: string[];
}

export async function buildPolicy(sources: PolicyContent, options: BuildOptions = {}): Promise<WardenPolicy> {
  const compiled = await compilePolicy(sources);
  return instantiatePolicy(compiled.wasm, compiled, sources, options);
}

/**
 * Compiled for the data it will be loaded with: a rule at a path the data holds is refused here,
 * as OPA does, not left for lookups to disagree on. `onStage` is told each compiler stage's wall
 * time (benchmarks).
 */
export async function compilePolicy(sources: PolicyContent, onStage?: StageTimer): Promise<CompiledPolicy> {
  rejectReservedPackages(sources.modules);
  let warnings: string[] = [];
  const onParsed = (modules: readonly Module[]): void => {
    warnings = contractWarnings(modules.filter((m) => m.file !== WRAPPER_FILE));
  };
  const compiled = await compileWithWrapper(sources, { onStage, onParsed });
  const entrypoint = compiled.entrypoints[DECISION_ENTRYPOINT];
  const inputReads = compiled.inputReads?.[DECISION_ENTRYPOINT];
  if (entrypoint === undefined || inputReads === undefined) throw PolicyLoadError.single(WRAPPER_FILE, `compiled policy has no ${DECISION_ENTRYPOINT} entrypoint`);
  return { wasm: compiled.wasm, entrypoint, inputReads, warnings };
}

/** Loads compiled code (bytes, or a module compiled ahead), installs the data and warms it up. */
export async function instantiatePolicy(
  code: Uint8Array | CompiledModule, { entrypoint, inputReads }: DecisionEntrypoint, sources: PolicyContent, options: BuildOptions = {},
): Promise<WardenPolicy> {
  const loaded = await loadWasm(code);
  try {
    installData(loaded, sources);
  } catch (error) {
    throw PolicyLoadError.from(error, 'data');
  }
  for (let round = 0; round < WARM_UP_ROUNDS; round++) warmUp(loaded, entrypoint, inputReads);
  return new WardenPolicy({
    digest: options.digest ?? policyDigest(sources),
    modules: Object.keys(sources.modules),
    evaluator: loaded,
    entrypoint,
    inputReads,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
  });
}

async function compileWithWrapper({ modules, data, regoVersion, strictBuiltinErrors }: PolicyContent, hooks: StageHooks): Promise<CompileResult> {
  try {
    return await compile({
      modules: { ...modules, [WRAPPER_FILE]: WRAPPER_SOURCE },
      data,
      regoVersion: regoVersion ?? 1,
      strictBuiltinErrors: strictBuiltinErrors === true,
      entrypoints: [DECISION_ENTRYPOINT],
      hostBuiltins: Object.keys(hostBuiltins),
      inputBounded: [LISTING_DENY],
      inputSchemas: INPUT_SCHEMAS,
      inputReads: true,
      ...hooks,
    });
  } catch (error) {
    throw placedInPolicy(PolicyLoadError.from(error, WRAPPER_FILE), modules, regoVersion ?? 1);
  }
}

/**
 * An error the compiler places in the wrapper comes from a user rule the wrapper reads; where
 * that rule can be named, the operator is pointed at it instead of at warden's own source.
 */
function placedInPolicy(failure: PolicyLoadError, modules: Record<string, string>, regoVersion: 0 | 1): PolicyLoadError {
  if (!failure.errors.some((e) => e.location.file === WRAPPER_FILE)) return failure;
  const atRules = functionFieldErrors(modules, regoVersion);
  if (atRules.length === 0) return failure;
  return new PolicyLoadError([...failure.errors.filter((e) => e.location.file !== WRAPPER_FILE), ...atRules]);
}

async function loadWasm(code: Uint8Array | CompiledModule): ReturnType<typeof loadPolicyWasm> {
  try {
    return await loadPolicyWasm(code);
  } catch (error) {
    throw PolicyLoadError.from(error, WRAPPER_FILE);
  }
}

/** The wrapper owns data.warden; a user rule there could shadow or conflict with the decision. */
function rejectReservedPackages(modules: Record<string, string>): void {
  const pattern = new RegExp(`^[ \\t]*package[ \\t]+${RESERVED_PACKAGE}(?![\\w])`, 'm');
  const errors = Object.entries(modules).flatMap(([file, source]) => {
    const match = pattern.exec(source);
    if (!match) return [];
    const row = source.slice(0, match.index).split('\n').length;
    return PolicyLoadError.single(file, `package ${RESERVED_PACKAGE} and its subpackages are reserved by mcp-warden`, row).errors;
  });
  if (errors.length > 0) throw new PolicyLoadError(errors);
}
