// The work budget of one evaluation, shared with the generated code (engine/compiler/wasm/
// fuel.ts): the generated dispatch fills it from the host's limit, generated loops and calls
// burn it, and so do the builtins whose work is not bounded by the size of their arguments
// (numbers.range turns two small numbers into b - a + 1 values).
import { opa_abort } from "./imports";

export let warden_fuel: i32 = 0x7fffffff;

// "evaluation budget exhausted": the text hosts recognise, as the generated code aborts with.
const FUEL_EXHAUSTED = memory.data<u8>([101,118,97,108,117,97,116,105,111,110,32,98,117,100,103,101,116,32,101,120,104,97,117,115,116,101,100,0]);

// Charged before the work is done, so a call that could not afford it never starts.
export function burnFuel(units: i64): void {
  if (<i64>warden_fuel < units) {
    opa_abort(FUEL_EXHAUSTED);
    unreachable();
  }
  warden_fuel -= <i32>units;
}
