/**
 * Which builtins the runtime implements natively: exactly those it exports as
 * `builtin_<name with . replaced by _>` (engine/runtime/README.md).
 */
import { readModule } from './module-reader.js';

export function nativeBuiltinExport(name: string): string {
  return `builtin_${name.replaceAll('.', '_')}`;
}

export function runtimeExports(runtime: Uint8Array): Set<string> {
  return new Set(readModule(runtime).exports.map((e) => e.name));
}
