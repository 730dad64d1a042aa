// The work budget of one evaluation, shared with the generated code (engine/compiler/wasm/
// fuel.ts): the generated dispatch fills it from the host's limit, generated loops and calls
// burn it, and so does the runtime for work that grows with its arguments (numbers.range turns
// two small numbers into b - a + 1 values; sort, JSON text, regex matching, large inserts) and
// for the memory an evaluation allocates (alloc.ts).
import { opa_abort } from "./imports";

export let warden_fuel: i32 = 0x7fffffff;

// "evaluation budget exhausted": the text hosts recognise, as the generated code aborts with.
const FUEL_EXHAUSTED = memory.data<u8>([101,118,97,108,117,97,116,105,111,110,32,98,117,100,103,101,116,32,101,120,104,97,117,115,116,101,100,0]);

// Only an evaluation pays: between the generated dispatch's warden_fuel_start and the next heap
// reset. Parsing an input or setData (an object of 100,000 keys moves its slots around) is the
// host's work, done before the counter is filled, and must not spend what is left of the last one.
let charging = false;

export function setCharging(on: bool): void {
  charging = on;
}

@inline export function isCharging(): bool {
  return charging;
}

// Charged before the work is done, so a call that could not afford it never starts.
export function burnFuel(units: i64): void {
  if (!charging) return;
  if (<i64>warden_fuel < units) {
    opa_abort(FUEL_EXHAUSTED);
    unreachable();
  }
  warden_fuel -= <i32>units;
}
