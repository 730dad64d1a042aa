import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filesDigest, policyDigest } from '../../../engine/policy/digest.js';

const base = { modules: { 'a.rego': 'package a', 'b.rego': 'package b' }, data: { x: 1 } };
/** `base`'s digest before Rego versions were known to it. */
const V1_DIGEST = '23fcf67ba807aba2d665ba0ba75a32c9f5a9a6ad08802b851478ed4d822fe2e5';

test('a SHA-256 with its algorithm named', () => {
  assert.match(policyDigest(base), /^sha256:[0-9a-f]{64}$/);
});

test('independent of module and key order', () => {
  assert.is(policyDigest(base), policyDigest({ modules: { 'b.rego': 'package b', 'a.rego': 'package a' }, data: { x: 1 } }));
});

test('changes with any source, name or data', () => {
  const d = policyDigest(base);
  assert.is.not(d, policyDigest({ ...base, modules: { 'a.rego': 'package a ', 'b.rego': 'package b' } }));
  assert.is.not(d, policyDigest({ ...base, modules: { 'a2.rego': 'package a', 'b.rego': 'package b' } }));
  assert.is.not(d, policyDigest({ ...base, data: { x: 2 } }));
});

test('data differing only in digits a double cannot hold has different digests', () => {
  const rounded = { modules: base.modules, data: { ids: [12345678901234567891] } };
  const one = policyDigest({ ...rounded, exactData: '{"ids":[12345678901234567891]}' });
  const two = policyDigest({ ...rounded, exactData: '{"ids":[12345678901234567892]}' });
  assert.is.not(one, two);
  assert.is.not(one, policyDigest(rounded));
});

test('a v0 policy has digests of its own; a v1 one keeps those earlier versions journaled', () => {
  assert.is(policyDigest(base), 'sha256:' + V1_DIGEST);
  assert.is.not(policyDigest({ ...base, regoVersion: 0 }), policyDigest(base));
  const files = { modules: base.modules, data: [] };
  assert.is.not(filesDigest({ ...files, regoVersion: 0 }), filesDigest(files));
});

test('a policy built with strict builtin errors has digests of its own, apart from v0 too', () => {
  const strict = policyDigest({ ...base, strictBuiltinErrors: true });
  assert.is.not(strict, policyDigest(base));
  assert.is.not(policyDigest({ ...base, regoVersion: 0, strictBuiltinErrors: true }), policyDigest({ ...base, regoVersion: 0 }));
  const files = { modules: base.modules, data: [] };
  assert.is.not(filesDigest({ ...files, strictBuiltinErrors: true }), filesDigest(files));
});

test('parts cannot be shifted between modules', () => {
  const one = policyDigest({ modules: { a: 'xy', b: 'z' }, data: {} });
  const two = policyDigest({ modules: { a: 'x', b: 'yz' }, data: {} });
  assert.is.not(one, two);
});

test('the files digest counts every byte read, a comment of the data file too', () => {
  const files = { modules: base.modules, data: [{ file: 'data.yaml', text: 'x: 1\n' }] };
  const d = filesDigest(files);
  assert.match(d, /^sha256:[0-9a-f]{64}$/);
  assert.is.not(d, filesDigest({ ...files, data: [{ file: 'data.yaml', text: '# why\nx: 1\n' }] }));
  assert.is.not(d, filesDigest({ ...files, data: [{ file: 'data.yml', text: 'x: 1\n' }] }));
  assert.is.not(d, filesDigest({ ...files, data: [] }));
  assert.is.not(d, filesDigest({ ...files, modules: { 'a.rego': 'package a' } }));
  assert.is(d, filesDigest({ ...files, modules: { 'b.rego': 'package b', 'a.rego': 'package a' } }));
});

test.run();
