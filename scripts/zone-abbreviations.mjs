// Writes engine/builtins/zone-abbreviations.json, the time zone abbreviations Go prints for the
// layout "MST" (JST, BST, IST, "-03"), from a zoneinfo directory of compiled tz database files
// (TZif, RFC 8536), by default the system's. Node knows each zone's UTC offsets (ICU) but not
// these abbreviations, so engine/builtins/zone-abbreviation.ts looks them up by zone and offset.
// Per zone: offset in seconds -> abbreviation, or, where one offset had several over time
// (Moscow's +03: MSK, then EEST in 1991, then MSK), the list of [first second, abbreviation]
// for each change, the first with null. Zones with the same table share it ("tables" + index).
// Usage: node scripts/zone-abbreviations.mjs [zoneinfo directory]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? '/usr/share/zoneinfo';
const OUT = new URL('../engine/builtins/zone-abbreviations.json', import.meta.url);
/** Not zones: the directories of other builds of the database, and files that alias the system's choices. */
const SKIP = new Set(['posix', 'right', 'localtime', 'posixrules']);

/** Zone names: every TZif file below the root, by its path. */
function zoneNames(dir = '') {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const name = dir ? `${dir}/${e.name}` : e.name;
    if (SKIP.has(name)) return [];
    if (e.isDirectory()) return zoneNames(name);
    return readFileSync(path.join(root, name)).subarray(0, 4).toString('latin1') === 'TZif' ? [name] : [];
  });
}

/** The version 2+ (64-bit) data block and the footer; version 1 files have only the 32-bit block. */
function parseTzif(buf) {
  const header = (at) => {
    const n = (i) => buf.readUInt32BE(at + 20 + 4 * i);
    return { isut: n(0), isstd: n(1), leap: n(2), time: n(3), type: n(4), char: n(5) };
  };
  const v1 = header(0);
  const wide = buf[4] >= 0x32;
  let at = 44;
  let h = v1;
  if (wide) {
    at += v1.time * 5 + v1.type * 6 + v1.char + v1.leap * 8 + v1.isstd + v1.isut;
    h = header(at);
    at += 44;
  }
  const size = wide ? 8 : 4;
  const times = [];
  for (let i = 0; i < h.time; i++) times.push(wide ? Number(buf.readBigInt64BE(at + 8 * i)) : buf.readInt32BE(at + 4 * i));
  at += h.time * size;
  const indexes = [...buf.subarray(at, at + h.time)];
  at += h.time;
  const types = [];
  for (let i = 0; i < h.type; i++) types.push({ offset: buf.readInt32BE(at + 6 * i), abbrAt: buf[at + 6 * i + 5] });
  at += h.type * 6;
  const chars = buf.toString('latin1', at, at + h.char);
  at += h.char + h.leap * (size + 4) + h.isstd + h.isut;
  for (const t of types) t.abbr = chars.slice(t.abbrAt, chars.indexOf('\0', t.abbrAt));
  return { times, indexes, types, footer: wide ? buf.toString('latin1', at).trim() : '' };
}

/** The types a POSIX TZ footer names (`JST-9`, `GMT0BST,M3.5.0/1,M10.5.0`, `<-03>3`): offsets east of UTC. */
function footerTypes(tz) {
  let i = 0;
  const name = () => {
    if (tz[i] === '<') {
      const end = tz.indexOf('>', i);
      const quoted = tz.slice(i + 1, end);
      i = end + 1;
      return quoted;
    }
    const letters = /^[A-Za-z]+/.exec(tz.slice(i))[0];
    i += letters.length;
    return letters;
  };
  const offset = () => {
    const m = /^([+-]?)(\d+)(?::(\d+))?(?::(\d+))?/.exec(tz.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    const west = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? west : -west;
  };
  if (tz === '') return [];
  const std = { abbr: name(), offset: offset() };
  if (i >= tz.length || tz[i] === ',') return [std];
  const abbr = name();
  return [std, { abbr, offset: offset() ?? std.offset + 3600 }];
}

/** Offset -> the runs of one abbreviation, in time order, as [first second or null, abbreviation]. */
function runsByOffset(tzif) {
  const runs = new Map();
  const add = (start, { offset, abbr }) => {
    const list = runs.get(offset) ?? [];
    if (list.at(-1)?.[1] !== abbr) list.push([list.length === 0 ? null : start, abbr]);
    runs.set(offset, list);
  };
  // Type 0 holds times before the first transition (RFC 8536).
  if (tzif.types.length > 0) add(null, tzif.types[0]);
  tzif.times.forEach((t, i) => add(t, tzif.types[tzif.indexes[i]]));
  for (const type of footerTypes(tzif.footer)) add(tzif.times.at(-1) ?? null, type);
  return runs;
}

function table(runs) {
  const out = {};
  for (const [offset, list] of [...runs].sort((a, b) => a[0] - b[0])) out[offset] = list.length === 1 ? list[0][1] : list;
  return out;
}

const names = zoneNames().sort();
const tables = [];
const seen = new Map();
const zones = {};
for (const name of names) {
  const t = table(runsByOffset(parseTzif(readFileSync(path.join(root, name)))));
  const key = JSON.stringify(t);
  if (!seen.has(key)) {
    seen.set(key, tables.length);
    tables.push(t);
  }
  zones[name] = seen.get(key);
}
const version = /^# version (\S+)/.exec(readFileSync(path.join(root, 'tzdata.zi'), 'utf8'))?.[1] ?? 'unknown';
const json = `{"tzdata": ${JSON.stringify(version)},\n"tables": [\n${tables.map((t) => JSON.stringify(t)).join(',\n')}\n],\n"zones": {\n${names.map((n) => `${JSON.stringify(n)}: ${zones[n]}`).join(',\n')}\n}}\n`;
writeFileSync(OUT, json);
console.log(`${names.length} zones, ${tables.length} tables (tzdata ${version}) written to ${OUT.pathname}`);
