import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { chainHash, leafHash, nodeHash } from '../../../engine/journal/hashing.js';
import { MerkleFrontier } from '../../../engine/journal/merkle.js';

/** RFC 6962 section 2.1, written the way the RFC states it. */
function mth(leaves: Buffer[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// The leaves of the certificate-transparency reference test vectors.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));

test('matches the RFC 6962 definition for every size up to 70', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));
  const frontier = new MerkleFrontier();
  assert.is(frontier.root().toString('hex'), mth([]));
  leaves.forEach((leaf, i) => {
    frontier.push(leafHash(leaf));
    assert.is(frontier.size, i + 1);
    assert.is(frontier.root().toString('hex'), mth(leaves.slice(0, i + 1)), `size ${i + 1}`);
  });
});

test('reproduces the certificate-transparency reference roots', () => {
  const frontier = new MerkleFrontier();
  const roots = CT_LEAVES.map((leaf) => {
    frontier.push(leafHash(leaf));
    return frontier.root().toString('hex');
  });
  assert.is(roots[0], '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  assert.is(roots[7], '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
});

test("a line hashes the same given as the writer's text or as the bytes a verifier reads", () => {
  for (const text of ['', '{"a":1}', '{"s":"\u00e9\u20ac\u{1f600}"}', '\u0000\u0001', 'x'.repeat(70_000)]) {
    const bytes = Buffer.from(text, 'utf8');
    assert.is(leafHash(text), leafHash(bytes), text.slice(0, 20));
    assert.is(chainHash(text), chainHash(bytes), text.slice(0, 20));
  }
  assert.is(leafHash(''), createHash('sha256').update(Buffer.from([0])).digest('hex'));
  assert.is(chainHash('{}'), createHash('sha256').update('mcp-warden/journal/v1\n{}').digest('hex'));
});

test.run();
