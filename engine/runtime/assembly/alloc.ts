// Bump allocator. The SDK resets the heap pointer before every evaluation, so nothing is ever
// freed individually; memory is grown on demand because the host may also grow it behind us.
import { opa_abort } from "./imports";
import { burnFuel, isCharging, setCharging } from "./fuel";
import { beginLookups } from "./lookup-cache";

// Rewritten by the encoder to the first free byte after the policy's data segment.
export let warden_heap_ptr: i32 = 0;

let top: usize = 0;

// Static so that reporting exhaustion does not itself need to allocate.
const OUT_OF_MEMORY = memory.data<u8>([111,117,116,32,111,102,32,109,101,109,111,114,121,0]);

// Memory between the policy's data and the heap that no heap reset touches: the regex program
// cache and the matcher's working memory (regex/cache.ts) and the DFA states (regex/dfa-states.ts)
// live there, so compiled patterns outlive an evaluation and matching allocates nothing on the heap.
export const PERSISTENT_BYTES: usize = 524288;

function persistentBase(): usize {
  let base = max<usize>(<usize>warden_heap_ptr, __heap_base);
  return (base + 15) & ~15;
}

function heapStart(): usize {
  return persistentBase() + PERSISTENT_BYTES;
}

// The persistent region's first byte (its contents are whatever the previous user left).
export function persistentArena(): usize {
  ensureCapacity(heapStart());
  return persistentBase();
}

// Memory known to exist: it only ever grows, so a stale value just sends alloc to the slow path.
let capacity: usize = 0;

// Memory is a cost too. Past the first METER_FREE bytes of an evaluation (a 100,000-tool listing
// takes about 200 MiB), every 2^METER_SHIFT bytes allocated burn one unit of fuel, so one
// evaluation's heap stays under 768 MiB at the default budget of 2,000,000 units instead of
// growing the memory (which wasm never gives back) to gigabytes. Charged every METER_STEP bytes.
const METER_FREE: usize = 256 << 20;
const METER_SHIFT: usize = 8;
const METER_STEP: usize = 65536;
let meteredTo: usize = 0;
let meterMark: usize = <usize>-1;
// min(capacity, meterMark): the one comparison an allocation makes on its fast path.
let slowAbove: usize = 0;

@inline function ensureCapacity(end: usize): void {
  if (end > slowAbove) slowPath(end);
}

function slowPath(end: usize): void {
  if (end > capacity) growTo(end);
  if (isCharging() && end > meterMark) {
    burnFuel(<i64>((end - meteredTo) >> METER_SHIFT));
    meteredTo = end;
    meterMark = end + METER_STEP;
  }
  slowAbove = min(capacity, meterMark);
}

// Called by the generated dispatch once the input is in place: from here the evaluation pays.
export function warden_fuel_start(): void {
  setCharging(true);
  beginLookups(top);
  meteredTo = top < <usize>-1 - METER_FREE ? top + METER_FREE : <usize>-1;
  meterMark = meteredTo;
  slowAbove = min(capacity, meterMark);
}

function stopMetering(): void {
  setCharging(false);
  meterMark = <usize>-1;
  slowAbove = capacity;
}

function growTo(end: usize): void {
  let have = <usize>memory.size() << 16;
  if (end <= have) {
    capacity = have;
    return;
  }
  let need = <i32>((end - have + 0xffff) >> 16);
  // Grow by at least half the current size: one page at a time makes a large evaluation pay a
  // host-side reallocation (and a JS GC) per page, which is quadratic in the input size.
  let pages = max<i32>(need, memory.size() >> 1);
  if (memory.grow(pages) < 0 && memory.grow(need) < 0) {
    opa_abort(OUT_OF_MEMORY);
    unreachable();
  }
  capacity = <usize>memory.size() << 16;
}

export function alloc(size: usize): usize {
  if (!top) top = heapStart();
  let p = (top + 7) & ~7;
  let end = p + size;
  ensureCapacity(end);
  top = end;
  return p;
}

export function allocZeroed(size: usize): usize {
  let p = alloc(size);
  memory.fill(p, 0, size);
  return p;
}

// Extends the most recent allocation in place when possible (used by growing buffers).
export function tryExtend(p: usize, oldSize: usize, newSize: usize): bool {
  if (p + oldSize != top) return false;
  ensureCapacity(p + newSize);
  top = p + newSize;
  return true;
}

export function opa_malloc(size: i32): usize {
  return alloc(<usize>size);
}

// Individual blocks are never reused: the whole heap is reset between evaluations.
export function opa_free(ptr: usize): void {}

export function opa_heap_ptr_get(): usize {
  if (!top) top = heapStart();
  return top;
}

// A heap reset starts over, unmetered, until the next evaluation's dispatch (the SDK resets it
// before writing the input and before setData).
export function opa_heap_ptr_set(ptr: usize): void {
  top = ptr;
  stopMetering();
}

// ABI 1.3 stash functions preserve free-list blocks across heap resets. A bump allocator has
// no free list, so there is nothing to stash or restore.
export function opa_heap_blocks_stash(): void {}
export function opa_heap_stash_clear(): void {}
export function opa_heap_blocks_restore(): void {}
