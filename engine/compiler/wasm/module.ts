/**
 * The section-level model of a wasm module that the reader produces and the writer consumes.
 * Only what the encoder inspects or rewrites is decoded; everything else stays as raw bytes so
 * that copying the runtime is exact (function bodies in particular are never re-encoded).
 */

export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;

export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const;

export const ExternKind = { func: 0, table: 1, memory: 2, global: 3 } as const;

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Import {
  module: string;
  name: string;
  kind: number;
  /** The import description after the kind byte, exactly as read. */
  desc: Uint8Array;
  /** For function imports: the type index. */
  typeIndex?: number;
  /** For memory imports: the limits. */
  limits?: { min: number; max?: number };
}

export interface Export {
  name: string;
  kind: number;
  index: number;
}

export interface Global {
  type: number;
  mutable: boolean;
  /** The constant init expression including its `end` opcode. */
  init: Uint8Array;
}

export interface DataSegment {
  /** The whole segment as read (flags, offset expression, bytes). */
  raw: Uint8Array;
  /** For active segments with an `i32.const` offset: the first address written. */
  offset?: number;
  size: number;
}

export interface CustomSection {
  name: string;
  payload: Uint8Array;
}

export interface WasmModule {
  types: FuncType[];
  imports: Import[];
  /** Type index of each defined function, in function index order after the imports. */
  functions: number[];
  /** Raw section contents, copied through unchanged. */
  table: Uint8Array | null;
  memory: Uint8Array | null;
  globals: Global[];
  exports: Export[];
  start: number | null;
  element: Uint8Array | null;
  dataCount: number | null;
  /** Function bodies (locals and code, without the size prefix). */
  code: Uint8Array[];
  data: DataSegment[];
  customs: CustomSection[];
}

export function importedCount(module: WasmModule, kind: number): number {
  return module.imports.filter((i) => i.kind === kind).length;
}

/** The type of function `index` in the function index space (imports first). */
export function funcTypeOf(module: WasmModule, index: number): FuncType {
  const imported = module.imports.filter((i) => i.kind === ExternKind.func);
  const typeIndex = index < imported.length ? imported[index]!.typeIndex : module.functions[index - imported.length];
  if (typeIndex === undefined) throw new RangeError(`no function ${index}`);
  const type = module.types[typeIndex];
  if (!type) throw new RangeError(`function ${index} has unknown type ${typeIndex}`);
  return type;
}
