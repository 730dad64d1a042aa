/**
 * The SDK's ABI 1.2 evaluation path, run without its per-call overhead: `LoadedPolicy.evaluate`
 * encodes the input into a fresh buffer and copies it, makes new views of the memory, scans
 * for the result's NUL byte in a JS loop and builds a new TextDecoder for every result. Here the
 * input text is encoded straight into wasm memory where the SDK would have copied it, and the
 * result is decoded in place, which matters at microsecond decision times.
 *
 * It drives the same exports with the same arguments as the SDK (opa_eval with the SDK's own
 * data address and heap pointer, read on every call since setData moves them), so a module
 * stays exactly what the unmodified SDK loads; evaluators without those fields (older SDKs, test
 * stand-ins) are evaluated through `evaluate` as before.
 */
export interface DirectFields {
  mem?: WebAssembly.Memory;
  dataAddr?: number;
  dataHeapPtr?: number;
  minorVersion?: number;
  wasmInstance?: WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource;
}

type OpaEval = (ctx: number, entrypoint: number, data: number, input: number, inputLen: number, heap: number, format: number) => number;

const encoder = new TextEncoder();
const PAGE = 65536;

/**
 * Views (this one, and the result's) are made only as long as what they cover: once a large
 * evaluation has grown the memory past 2 GiB, Node 20's TextEncoder.encodeInto writes nothing
 * into a view longer than that (reporting 0 bytes), which would evaluate the policy with no
 * input at all.
 */
function view(mem: WebAssembly.Memory, at: number, length: number): Uint8Array {
  return new Uint8Array(mem.buffer, at, length);
}

/** The result set of one evaluation, or `undefined` when the evaluator lacks what the direct path needs. */
export function evaluateDirect(evaluator: DirectFields, inputJson: string, entrypoint: number | string): unknown {
  const text = evaluateDirectText(evaluator, inputJson, entrypoint);
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * The result set as the JSON text the policy wrote, for callers that read its numbers past 2^53
 * exactly (warden eval); an empty `inputJson` is no input.
 */
export function evaluateDirectText(evaluator: DirectFields, inputJson: string, entrypoint: number | string): string | undefined {
  const { mem, dataAddr, dataHeapPtr, minorVersion } = evaluator;
  const opaEval = exportsOf(evaluator)?.opa_eval as OpaEval | undefined;
  if (typeof entrypoint !== 'number' || !mem || typeof dataAddr !== 'number' || typeof dataHeapPtr !== 'number'
    || typeof opaEval !== 'function' || !(typeof minorVersion === 'number' && minorVersion >= 2)) {
    return undefined;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const room = inputJson.length * 3;
  const worst = dataHeapPtr + room;
  if (worst > mem.buffer.byteLength) mem.grow(Math.ceil((worst - mem.buffer.byteLength) / PAGE));
  const { read, written } = encoder.encodeInto(inputJson, view(mem, dataHeapPtr, room));
  // The runtime reads an input it cannot parse as no input (OPA's opa_eval does the same), so a
  // partly written one must never reach it: a rule that denies on some input would not fire.
  if (read !== inputJson.length) throw new Error(`the decision input could not be written into the policy's memory (${read} of ${inputJson.length} characters)`);
  // Addresses are unsigned: past 2 GiB the i32 a wasm export returns reads as negative here.
  const result = opaEval(0, entrypoint, dataAddr, dataHeapPtr, written, dataHeapPtr + written, 0) >>> 0;
  return resultText(mem, result);
}

/**
 * The NUL-terminated text at `at`, searched for in growing windows instead of one view of all
 * memory, and decoded by Buffer: for a decision's few hundred bytes TextDecoder takes about
 * twice as long.
 */
function resultText(mem: WebAssembly.Memory, at: number): string {
  const size = mem.buffer.byteLength;
  for (let window = PAGE; ; window *= 4) {
    const length = Math.min(window, size - at);
    const bytes = Buffer.from(mem.buffer, at, length);
    const end = bytes.indexOf(0);
    if (end >= 0) return bytes.toString('utf8', 0, end);
    if (at + length >= size) return bytes.toString('utf8');
  }
}

/** The SDK instance's exports, whichever form the SDK keeps the instance in. */
export function exportsOf(evaluator: DirectFields): WebAssembly.Exports | undefined {
  const instance = evaluator.wasmInstance;
  if (!instance) return undefined;
  return 'exports' in instance ? instance.exports : instance.instance.exports;
}
