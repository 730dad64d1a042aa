/**
 * Key file validation: every problem is reported with the file and the JSON pointer of the
 * culprit; duplicate ids and hashes are errors.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiKeyFileError, parseApiKeyFile, readApiKeyFile } from '../../../transports/auth/api-key-file.js';

const h1 = `sha256:${'a'.repeat(64)}`;
const h2 = `sha256:${'b'.repeat(64)}`;

function problems(text: string, file = 'keys.yaml'): string[] {
  try {
    parseApiKeyFile(text, file);
  } catch (error) {
    assert.instance(error, ApiKeyFileError);
    const fileError = error as ApiKeyFileError;
    assert.is(fileError.file, file);
    for (const line of fileError.message.split('\n')) assert.ok(line.startsWith(`${file}:`), line);
    return fileError.problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
  }
  assert.unreachable(`expected ${text} to be refused`);
  return [];
}

test('a valid YAML file gives entries with defaults for roles and claims', () => {
  const entries = parseApiKeyFile(`keys:\n  - id: ci-bot\n    hash: "${h1}"\n    roles: [reader]\n    claims: {team: infra}\n  - id: ops@example.com\n    hash: "${h2}"\n`, 'keys.yaml');
  assert.equal(entries, [
    { id: 'ci-bot', hash: h1, roles: ['reader'], claims: { team: 'infra' } },
    { id: 'ops@example.com', hash: h2, roles: [], claims: {} },
  ]);
});

test('a .json file is parsed as JSON, and an empty key list is valid', () => {
  assert.equal(parseApiKeyFile(JSON.stringify({ keys: [{ id: 'a', hash: h1 }] }), 'keys.json').length, 1);
  assert.equal(parseApiKeyFile('{"keys": []}', 'k.json'), []);
});

test('schema violations name the path of each culprit', () => {
  const found = problems(`keys:\n  - id: ok\n    hash: "sha256:ABC"\n  - hash: "${h2}"\n    role: [x]\n  - id: "bad id"\n    hash: "${h1}"\n    roles: reader\n`);
  assert.ok(found.includes('/keys/0/hash: must be "sha256:" followed by 64 lowercase hex digits'), found.join('\n'));
  assert.ok(found.includes("/keys/1: must have required property 'id'"), found.join('\n'));
  assert.ok(found.includes('/keys/1: unknown property "role"'), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('/keys/2/id: must be 1-128 letters')), found.join('\n'));
  assert.ok(found.includes('/keys/2/roles: must be array'), found.join('\n'));
});

test('uppercase hex, a missing keys list and claims setting key_id are refused', () => {
  assert.equal(problems(`keys: [{id: a, hash: "sha256:${'A'.repeat(64)}"}]`), ['/keys/0/hash: must be "sha256:" followed by 64 lowercase hex digits']);
  assert.equal(problems('other: 1'), ["must have required property 'keys'", 'unknown property "other"']);
  assert.equal(problems(`keys: [{id: a, hash: "${h1}", claims: {key_id: b}}]`), ['/keys/0/claims: claims must not set key_id (it is always the key id)']);
});

test('duplicate ids and duplicate hashes are errors', () => {
  const found = problems(`keys:\n  - {id: a, hash: "${h1}"}\n  - {id: a, hash: "${h2}"}\n  - {id: c, hash: "${h1}"}\n`);
  assert.equal(found, [
    '/keys/1/id: duplicate id "a" (first at /keys/0/id)',
    '/keys/2/hash: same hash as /keys/0/hash (one key, two entries)',
  ]);
});

test('unparsable files name the file; unreadable ones too', async () => {
  const [yamlProblem] = problems('keys: [\n', 'broken.yaml');
  assert.match(yamlProblem!, /^cannot parse: /);
  assert.not.match(yamlProblem!, '\n');
  const [jsonProblem] = problems('{"keys": ', 'broken.json');
  assert.match(jsonProblem!, /^cannot parse: /);
  try {
    await readApiKeyFile('/nonexistent/keys.yaml');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ApiKeyFileError);
    assert.is((error as Error).message, '/nonexistent/keys.yaml: does not exist; expected the API key file (make one with "warden api-key create --file")');
    assert.equal((error as ApiKeyFileError).problems.map((p) => p.code), ['api_keys_unreadable']);
  }
});

test('each problem has its stable code and its line and column: YAML and JSON alike', () => {
  const yaml = `keys:\n  - id: ok\n    hash: "sha256:ABC"\n  - id: ok\n    hash: "${h1}"\n    extra: 1\n`;
  const refused = (text: string, file: string): ApiKeyFileError => {
    try {
      parseApiKeyFile(text, file);
    } catch (error) {
      assert.instance(error, ApiKeyFileError);
      return error as ApiKeyFileError;
    }
    return assert.unreachable('expected a refusal') as never;
  };
  const invalid = refused(yaml, 'keys.yaml');
  assert.equal(invalid.problems.map((p) => [p.code, p.path, p.line, p.col]), [
    ['api_keys_invalid', '/keys/0/hash', 3, 11],
    ['api_keys_invalid', '/keys/1', 4, 5],
  ]);
  assert.is(invalid.message.split('\n')[0], 'keys.yaml:3:11: /keys/0/hash: must be "sha256:" followed by 64 lowercase hex digits');
  const duplicate = refused(`{"keys": [\n  {"id": "a", "hash": "${h1}"},\n  {"id": "a", "hash": "${h2}"}\n]}`, 'keys.json');
  assert.equal(duplicate.problems.map((p) => [p.code, p.path, p.line, p.col]), [['api_keys_duplicate', '/keys/1/id', 3, 10]]);
  const syntax = refused('keys:\n  - id: a\n   hash: [\n', 'keys.yaml');
  assert.equal(syntax.problems.map((p) => p.code), ['api_keys_syntax']);
  assert.match(syntax.message, /^keys\.yaml:\d+:\d+: cannot parse: /);
});

test.run();
