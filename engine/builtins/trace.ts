import type { BuiltinTable } from './types.js';

/**
 * trace: OPA adds its note to the evaluation's trace (what `opa eval --explain notes` and
 * `opa test --explain notes` print) and is always true. A compiled policy keeps no trace, so the
 * note is dropped; the call is true as under OPA, so a policy with trace() calls left in compiles
 * and decides as it does there.
 */
export const traceBuiltins: BuiltinTable = {
  trace: () => true,
};
