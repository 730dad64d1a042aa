import type { BuiltinTable } from './types.js';

/**
 * opa.runtime: OPA returns its environment, config and version here. warden deliberately gives
 * policies none of that (environment variables are where secrets live), so the document is
 * empty, as in OPA's own wasm target.
 */
export const opaRuntimeBuiltins: BuiltinTable = {
  'opa.runtime': () => ({}),
};
