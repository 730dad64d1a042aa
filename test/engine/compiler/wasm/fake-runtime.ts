/**
 * A tiny stand-in for runtime.wasm, written in WAT, that meets the encoder's contract on
 * paper; tests break it in one place at a time to check the encoder names the problem.
 */
import { ABI_FUNCTION_EXPORTS } from '../../../../engine/compiler/wasm/runtime-abi.js';

const IMPORTS = `
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func (param i32)))
  (import "env" "opa_println" (func (param i32)))
  (import "env" "opa_builtin0" (func (param i32 i32) (result i32)))
  (import "env" "opa_builtin1" (func (param i32 i32 i32) (result i32)))
  (import "env" "opa_builtin2" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "opa_builtin3" (func (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "opa_builtin4" (func (param i32 i32 i32 i32 i32 i32) (result i32)))`;

/** What generated glue calls for an empty plan, with the contract's signatures. */
const GLUE: Record<string, string> = {
  opa_set: '(result i32) (i32.const 0)',
  opa_json_parse: '(param i32 i32) (result i32) (local.get 0)',
  warden_ctx_input: '(param i32) (result i32) (local.get 0)',
  warden_ctx_data: '(param i32) (result i32) (local.get 0)',
  warden_ctx_entrypoint: '(param i32) (result i32) (local.get 0)',
  warden_ctx_set_result: '(param i32 i32)',
  warden_eval_begin: '(param i32 i32 i32) (result i32) (local.get 0)',
  warden_eval_end: '(param i32 i32) (result i32) (local.get 0)',
  warden_fuel_start: '',
};

export function fakeRuntimeWat(edit: (wat: string) => string = (w) => w): string {
  const abi = ABI_FUNCTION_EXPORTS.filter((name) => !(name in GLUE))
    .map((name) => `  (func (export "${name}") (param i32) (result i32) (local.get 0))`);
  const glue = Object.entries(GLUE).map(([name, rest]) => `  (func (export "${name}") ${rest})`);
  return edit(`(module${IMPORTS}
  (global (export "warden_heap_ptr") (mut i32) (i32.const 0))
${[...abi, ...glue].join('\n')}
  (data (i32.const 100) "runtime data"))`);
}

export async function assemble(wat: string): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const module = wabt.parseWat('fake.wat', wat);
  try {
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
