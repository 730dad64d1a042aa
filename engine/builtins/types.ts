/**
 * A host builtin as this package writes it: arguments arrive as the JSON the
 * SDK decoded from wasm memory, so every parameter is `unknown` until checked.
 */
export type Builtin = (...args: unknown[]) => unknown;

/** One family's builtins, keyed by their Rego name (e.g. "regex.match"). */
export type BuiltinTable = Readonly<Record<string, Builtin>>;
