export { readPolicyDir, isPolicyModule, type PolicySources } from './sources.js';
export { policyDigest } from './digest.js';
export { PolicyLoadError } from './errors.js';
export { buildPolicy, type BuildOptions } from './build.js';
export { WardenPolicy } from './policy.js';
export { evaluateDecision, DEFAULT_BUDGET_MS, type WasmEvaluator, type EvaluateOptions } from './evaluate.js';
export { PolicyStore, NO_POLICY } from './store.js';
export { reloadPolicy, type ReloadOptions, type PolicyLoadReport, type PolicyJournal } from './reload.js';
export { watchPolicyDir, type WatchOptions, type PolicyWatcher } from './watcher.js';
