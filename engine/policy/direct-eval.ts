/**
 * The SDK's ABI 1.2 evaluation path, run without its per-call overhead: `LoadedPolicy.evaluate`
 * encodes the input into a fresh buffer and copies it, makes new views of the memory, scans
 * for the result's NUL byte in a JS loop and builds a new TextDecoder for every result. Here the
 * input text is encoded straight into wasm memory where the SDK would have copied it, and the
 * result is read with one decoder, which matters at microsecond decision times.
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
const decoder = new TextDecoder();
const PAGE = 65536;

const views = new WeakMap<WebAssembly.Memory, Uint8Array>();

function view(mem: WebAssembly.Memory): Uint8Array {
  let v = views.get(mem);
  if (v === undefined || v.buffer !== mem.buffer) {
    v = new Uint8Array(mem.buffer);
    views.set(mem, v);
  }
  return v;
}

/** The result set of one evaluation, or `undefined` when the evaluator lacks what the direct path needs. */
export function evaluateDirect(evaluator: DirectFields, inputJson: string, entrypoint: number | string): unknown {
  const { mem, dataAddr, dataHeapPtr, minorVersion } = evaluator;
  const opaEval = exportsOf(evaluator)?.opa_eval as OpaEval | undefined;
  if (typeof entrypoint !== 'number' || !mem || typeof dataAddr !== 'number' || typeof dataHeapPtr !== 'number'
    || typeof opaEval !== 'function' || !(typeof minorVersion === 'number' && minorVersion >= 2)) {
    return undefined;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const worst = dataHeapPtr + inputJson.length * 3;
  if (worst > mem.buffer.byteLength) mem.grow(Math.ceil((worst - mem.buffer.byteLength) / PAGE));
  const { written } = encoder.encodeInto(inputJson, view(mem).subarray(dataHeapPtr));
  const result = opaEval(0, entrypoint, dataAddr, dataHeapPtr, written, dataHeapPtr + written, 0);
  const bytes = view(mem);
  const end = bytes.indexOf(0, result);
  return JSON.parse(decoder.decode(bytes.subarray(result, end < 0 ? bytes.length : end)));
}

/** The SDK instance's exports, whichever form the SDK keeps the instance in. */
export function exportsOf(evaluator: DirectFields): WebAssembly.Exports | undefined {
  const instance = evaluator.wasmInstance;
  if (!instance) return undefined;
  return 'exports' in instance ? instance.exports : instance.instance.exports;
}
