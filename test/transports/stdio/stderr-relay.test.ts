import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StderrRelay, type StderrRelayOptions } from '../../../transports/stdio/stderr-relay.js';

/** What the server writes (chunks, at a time in ms), and what warden's stderr must show. */
interface Case {
  note: string;
  writes: Array<string | { at: number; text: string }>;
  options?: Partial<StderrRelayOptions>;
  shows: string[];
}

const CASES: Case[] = [
  { note: 'lines are prefixed with the upstream', writes: ['hello\nworld\n'], shows: ['[upstream:fs] hello', '[upstream:fs] world'] },
  { note: 'a line split over chunks is one line; a last line without newline is kept', writes: ['hel', 'lo\nta', 'il'], shows: ['[upstream:fs] hello', '[upstream:fs] tail'] },
  {
    note: 'OSC 52 clipboard write, title change and cursor moves are shown, not sent',
    writes: ['\x1b]52;c;ZWNobyBwd25lZA==\x07copied\n\x1b]0;title\x07\x1b[1A\x1b[2Kwarden: all good\n'],
    shows: ['[upstream:fs] \\x1b]52;c;ZWNobyBwd25lZA==\\x07copied', '[upstream:fs] \\x1b]0;title\\x07\\x1b[1A\\x1b[2Kwarden: all good'],
  },
  { note: 'tab passes; a CR ending a line goes, a CR inside shows', writes: ['a\tb\r\nover\rwrite\n'], shows: ['[upstream:fs] a\tb', '[upstream:fs] over\\x0dwrite'] },
  { note: 'DEL, C1 CSI, NUL and bidirectional overrides show', writes: ['\x7f\u009b2J\x00\u202Eevil\u2028x\n'], shows: ['[upstream:fs] \\x7f\\x9b2J\\x00\\u202Eevil\\u2028x'] },
  {
    note: 'a long line is cut, the rest counted',
    options: { maxLineBytes: 8 },
    writes: ['0123456789abcdef\nshort\n'],
    shows: ['[upstream:fs] 01234567 ... (warden: 8 more bytes of this line dropped)', '[upstream:fs] short'],
  },
  {
    note: 'more than the allowance a second is dropped, then counted when lines pass again',
    options: { linesPerSecond: 2 },
    writes: [{ at: 0, text: 'a\nb\nc\nd\ne\n' }, { at: 999, text: 'f\n' }, { at: 1000, text: 'g\n' }],
    shows: ['[upstream:fs] a', '[upstream:fs] b', 'warden: upstream:fs stderr: 4 lines dropped (more than 2 a second)', '[upstream:fs] g'],
  },
  {
    note: 'drops in the last second are counted when the server ends',
    options: { linesPerSecond: 1 },
    writes: [{ at: 0, text: 'a\nb\nc\n' }],
    shows: ['[upstream:fs] a', 'warden: upstream:fs stderr: 2 lines dropped (more than 1 a second)'],
  },
  { note: 'the name itself cannot carry controls', options: { name: 'up\x1b[2Jstream' }, writes: ['x\n'], shows: ['[up\\x1b[2Jstream] x'] },
];

async function relay(c: Case): Promise<string[]> {
  let clock = 0;
  let out = '';
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString('utf8')), done()) });
  const r = new StderrRelay(sink, { name: 'upstream:fs', now: () => clock, ...c.options });
  for (const w of c.writes) {
    const { at, text } = typeof w === 'string' ? { at: clock, text: w } : w;
    clock = at;
    r.write(text);
  }
  await new Promise((resolve) => r.end(resolve));
  return out === '' ? [] : out.replace(/\n$/, '').split('\n');
}

for (const c of CASES) {
  test(c.note, async () => {
    assert.equal(await relay(c), c.shows);
  });
}

test('UTF-8 split across chunks stays whole', async () => {
  let out = '';
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString('utf8')), done()) });
  const r = new StderrRelay(sink, { name: 'u' });
  const bytes = Buffer.from('é✓\n');
  r.write(bytes.subarray(0, 1));
  r.write(bytes.subarray(1, 3));
  r.write(bytes.subarray(3));
  await new Promise((resolve) => r.end(resolve));
  assert.is(out, '[u] é✓\n');
});

test('lines are dropped and counted, not buffered, while warden\'s stderr needs draining', async () => {
  let out = '';
  let release: (() => void) | undefined;
  const sink = new Writable({
    highWaterMark: 1,
    write: (chunk: Buffer, _e, done) => {
      out += chunk.toString('utf8');
      release = done;
    },
  });
  const r = new StderrRelay(sink, { name: 'u', linesPerSecond: 1000 });
  r.write('first\n');
  r.write('second\nthird\n');
  release!();
  await new Promise((resolve) => setImmediate(resolve));
  r.write('fourth\n');
  release!();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => {
    r.end(resolve);
    release!();
  });
  assert.is(out, '[u] first\n[u] fourth\nwarden: u stderr: 2 lines dropped (warden\'s stderr was not keeping up)\n');
});

test.run();
