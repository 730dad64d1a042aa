/** dotenv-style parsing: comments, export, quotes, escapes; bad lines named by number only. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEnvFile, readEnvFile } from '../../../cli/config/env-file.js';

test('NAME=VALUE lines with comments, export and quotes', () => {
  const text = [
    '# a comment',
    '',
    'A=1',
    '  export B = two words  ',
    'C="x \\"y\\" \\\\ \\n z" # note',
    "D='no $escapes \\n here'",
    'E=value # trailing comment',
    'F=a#b',
    'G=',
    'A=override',
  ].join('\r\n');
  assert.equal(parseEnvFile('f.env', text), {
    ok: true,
    env: { A: 'override', B: 'two words', C: 'x "y" \\ \n z', D: 'no $escapes \\n here', E: 'value', F: 'a#b', G: '' },
  });
});

test('bad lines are reported by number without their text', () => {
  const result = parseEnvFile('f.env', 'OK=1\nsecret-value-here\n1BAD=x\nQ="open secret\nR="x" junk');
  if (result.ok) return assert.unreachable('expected errors');
  assert.equal(result.errors.map((e) => e.line), [2, 3, 4, 5]);
  for (const e of result.errors) assert.not.ok(e.message.includes('secret'));
});

test('a missing file is an error naming the file', () => {
  const result = readEnvFile('/nonexistent/warden.env', { path: '/upstream/env_file' });
  assert.equal(result, { ok: false, errors: [{ path: '/upstream/env_file', message: 'env file /nonexistent/warden.env does not exist' }] });
});

test.run();
