/**
 * Writes the section-level model back to bytes, in the order the spec requires. Raw parts are
 * copied as they are; empty sections are left out.
 */
import { ByteWriter } from './binary.js';
import { SectionId, type Global, type Import, type WasmModule } from './module.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function writeModule(m: WasmModule): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter().bytes(HEADER);
  const section = (id: number, fill: (w: ByteWriter) => void): void => {
    const body = new ByteWriter();
    fill(body);
    out.u8(id).sized(body.finish());
  };
  if (m.types.length) {
    section(SectionId.type, (w) => w.vec(m.types, (x, t) => {
      x.u8(0x60).vec(t.params, (y, p) => y.u8(p)).vec(t.results, (y, p) => y.u8(p));
    }));
  }
  if (m.imports.length) section(SectionId.import, (w) => w.vec(m.imports, writeImport));
  if (m.functions.length) section(SectionId.function, (w) => w.vec(m.functions, (x, t) => x.u32(t)));
  if (m.table) section(SectionId.table, (w) => w.bytes(m.table!));
  if (m.memory) section(SectionId.memory, (w) => w.bytes(m.memory!));
  if (m.globals.length) section(SectionId.global, (w) => w.vec(m.globals, writeGlobal));
  if (m.exports.length) {
    section(SectionId.export, (w) => w.vec(m.exports, (x, e) => x.name(e.name).u8(e.kind).u32(e.index)));
  }
  if (m.start !== null) section(SectionId.start, (w) => w.u32(m.start!));
  if (m.element) section(SectionId.element, (w) => w.bytes(m.element!));
  if (m.dataCount !== null) section(SectionId.dataCount, (w) => w.u32(m.dataCount!));
  if (m.code.length) section(SectionId.code, (w) => w.vec(m.code, (x, body) => x.sized(body)));
  if (m.data.length) section(SectionId.data, (w) => w.vec(m.data, (x, d) => x.bytes(d.raw)));
  for (const c of m.customs) section(SectionId.custom, (w) => w.name(c.name).bytes(c.payload));
  return out.finish();
}

function writeImport(w: ByteWriter, imp: Import): void {
  w.name(imp.module).name(imp.name).u8(imp.kind).bytes(imp.desc);
}

function writeGlobal(w: ByteWriter, g: Global): void {
  w.u8(g.type).u8(g.mutable ? 1 : 0).bytes(g.init);
}
