/**
 * `-t/--target`, as opa test, eval and build take it. warden has one target: every policy is
 * compiled to wasm, the path production decisions take, and there is no Rego interpreter.
 */
import { UsageError } from './usage.js';

export function checkTarget(value: unknown, command: string, targets: readonly string[]): void {
  if (value === undefined || value === 'wasm') return;
  if (typeof value === 'string' && targets.includes(value)) {
    throw new UsageError(`--target ${value}: warden ${command} has no Rego interpreter; it compiles every policy to wasm, the path production decisions take (use --target wasm or leave the flag out)`);
  }
  throw new UsageError(`--target must be ${[...targets, 'wasm'].join(' or ')}, not ${String(value)}`);
}
