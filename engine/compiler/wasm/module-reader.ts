/**
 * Reads a wasm module into the section-level model. It refuses what it cannot copy faithfully
 * (unknown sections, non-function types) instead of guessing.
 */
import { ByteReader } from './binary.js';
import {
  ExternKind, SectionId,
  type DataSegment, type FuncType, type Global, type Import, type WasmModule,
} from './module.js';

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function readModule(bytes: Uint8Array): WasmModule {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a wasm 1.0 module');
  const module: WasmModule = {
    types: [], imports: [], functions: [], table: null, memory: null, globals: [], exports: [],
    start: null, element: null, dataCount: null, code: [], data: [], customs: [],
  };
  const r = new ByteReader(bytes, 8);
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const section = new ByteReader(bytes, r.pos, r.pos + size);
    readSection(module, id, section);
    if (section.pos !== section.end) throw new Error(`section ${id} has ${section.end - section.pos} trailing bytes`);
    r.pos += size;
  }
  if (module.code.length !== module.functions.length) throw new Error('function and code sections disagree');
  return module;
}

function readSection(m: WasmModule, id: number, r: ByteReader): void {
  switch (id) {
    case SectionId.custom: m.customs.push({ name: r.name(), payload: r.bytes(r.end - r.pos) }); return;
    case SectionId.type: m.types = vec(r, readFuncType); return;
    case SectionId.import: m.imports = vec(r, readImport); return;
    case SectionId.function: m.functions = vec(r, (x) => x.u32()); return;
    case SectionId.table: m.table = r.bytes(r.end - r.pos); return;
    case SectionId.memory: m.memory = r.bytes(r.end - r.pos); return;
    case SectionId.global: m.globals = vec(r, readGlobal); return;
    case SectionId.export: m.exports = vec(r, (x) => ({ name: x.name(), kind: x.u8(), index: x.u32() })); return;
    case SectionId.start: m.start = r.u32(); return;
    case SectionId.element: m.element = r.bytes(r.end - r.pos); return;
    case SectionId.dataCount: m.dataCount = r.u32(); return;
    case SectionId.code: m.code = vec(r, (x) => x.bytes(x.u32())); return;
    case SectionId.data: m.data = vec(r, readDataSegment); return;
    default: throw new Error(`unsupported wasm section id ${id}`);
  }
}

function vec<T>(r: ByteReader, item: (r: ByteReader) => T): T[] {
  const count = r.u32();
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(item(r));
  return out;
}

function readFuncType(r: ByteReader): FuncType {
  const form = r.u8();
  if (form !== 0x60) throw new Error(`unsupported type form 0x${form.toString(16)}`);
  return { params: vec(r, (x) => x.u8()), results: vec(r, (x) => x.u8()) };
}

function readLimits(r: ByteReader): { min: number; max?: number } {
  const flags = r.u8();
  if (flags > 1) throw new Error(`unsupported limits flags ${flags} (shared or 64-bit memory)`);
  const min = r.u32();
  return flags === 1 ? { min, max: r.u32() } : { min };
}

function readImport(r: ByteReader): Import {
  const module = r.name();
  const name = r.name();
  const kind = r.u8();
  const start = r.pos;
  const imp: Import = { module, name, kind, desc: new Uint8Array() };
  switch (kind) {
    case ExternKind.func: imp.typeIndex = r.u32(); break;
    case ExternKind.table: r.u8(); readLimits(r); break;
    case ExternKind.memory: imp.limits = readLimits(r); break;
    case ExternKind.global: r.u8(); r.u8(); break;
    default: throw new Error(`unsupported import kind ${kind}`);
  }
  imp.desc = r.buf.subarray(start, r.pos);
  return imp;
}

function readGlobal(r: ByteReader): Global {
  const type = r.u8();
  const mutable = r.u8() === 1;
  return { type, mutable, init: readConstExpr(r).raw };
}

/** Skips one constant expression; reports its value when it is a lone `i32.const`. */
export function readConstExpr(r: ByteReader): { raw: Uint8Array; i32?: number } {
  const start = r.pos;
  let i32: number | undefined;
  let ops = 0;
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) break;
    ops++;
    if (op === 0x41) i32 = r.s32();
    else skipConstOperand(r, op);
  }
  const raw = r.buf.subarray(start, r.pos);
  return ops === 1 && i32 !== undefined ? { raw, i32 } : { raw };
}

function skipConstOperand(r: ByteReader, op: number): void {
  switch (op) {
    case 0x42: r.s64(); return; // i64.const
    case 0x43: r.bytes(4); return; // f32.const
    case 0x44: r.bytes(8); return; // f64.const
    case 0x23: case 0xd2: r.u32(); return; // global.get, ref.func
    case 0xd0: r.u8(); return; // ref.null
    case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: return; // extended-const arithmetic
    case 0xfd: if (r.u32() !== 0x0c) break; r.bytes(16); return; // v128.const
  }
  throw new Error(`unsupported opcode 0x${op.toString(16)} in a constant expression`);
}

function readDataSegment(r: ByteReader): DataSegment {
  const start = r.pos;
  const flags = r.u32();
  let offset: number | undefined;
  if (flags === 0 || flags === 2) {
    if (flags === 2 && r.u32() !== 0) throw new Error('data segment for a memory other than 0');
    offset = readConstExpr(r).i32;
    if (offset === undefined) throw new Error('data segment offset is not a constant i32');
  } else if (flags !== 1) {
    throw new Error(`unsupported data segment flags ${flags}`);
  }
  const size = r.u32();
  r.bytes(size);
  const raw = r.buf.subarray(start, r.pos);
  return offset === undefined ? { raw, size } : { raw, size, offset: offset >>> 0 };
}
