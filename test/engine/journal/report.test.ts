import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCodeFor, formatVerifyReport, type VerifyReport } from '../../../engine/journal/index.js';

const base: VerifyReport = { ok: true, entries: 12, segments: 1, problems: [], warnings: [] };
const tamper = { code: 'hash_mismatch', message: 'line 5 was altered', file: '/j/segment-000001.jsonl', line: 5 } as const;
const warning = { code: 'unsigned_tail', message: 'entries 3..12 unsigned', file: '/j/segment-000001.jsonl', line: 3 } as const;
const io = { code: 'io_error', message: 'EACCES', file: '/j/segment-000002.jsonl', line: 0 } as const;

test('exit codes: 0 ok, 1 tamper, 2 usage or I/O, 3 warnings only', () => {
  assert.is(exitCodeFor(base), 0);
  assert.is(exitCodeFor({ ...base, ok: false, problems: [tamper] }), 1);
  assert.is(exitCodeFor({ ...base, ok: false, problems: [io] }), 2);
  assert.is(exitCodeFor({ ...base, ok: false, problems: [io, tamper] }), 1);
  assert.is(exitCodeFor({ ...base, warnings: [warning] }), 3);
});

test('PASS and FAIL lines, then file:line: code: message', () => {
  assert.is(formatVerifyReport(base), 'PASS: 12 entries in 1 segment\n');
  assert.is(
    formatVerifyReport({ ...base, ok: false, problems: [tamper], warnings: [warning] }),
    'FAIL: 12 entries in 1 segment; 1 problem, 1 warning\n' +
      '/j/segment-000001.jsonl:5: hash_mismatch: line 5 was altered\n' +
      '/j/segment-000001.jsonl:3: unsigned_tail: entries 3..12 unsigned (warning)\n',
  );
});

test.run();
