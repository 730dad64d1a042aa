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

test('a frontier rebuilt from its subtrees goes on as the original does, for every size up to 40', () => {
  const leaves = Array.from({ length: 48 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
  for (let size = 0; size <= 40; size++) {
    const original = new MerkleFrontier();
    leaves.slice(0, size).forEach((leaf) => original.push(leaf));
    const rebuilt = MerkleFrontier.fromSubtrees(size, original.subtrees())!;
    assert.is(rebuilt.size, size);
    for (const leaf of leaves.slice(size, size + 8)) {
      original.push(leaf);
      rebuilt.push(leaf);
      assert.is(rebuilt.root().toString('hex'), original.root().toString('hex'), `from size ${size}`);
    }
  }
});

test('subtrees that cannot be the frontier of the size given are refused', () => {
  const frontier = new MerkleFrontier();
  for (let i = 0; i < 6; i++) frontier.push(leafHash(Buffer.from(`leaf ${i}`)));
  const roots = frontier.subtrees();
  assert.is(roots.length, 2, '6 = 4 + 2');
  assert.ok(MerkleFrontier.fromSubtrees(6, roots));
  assert.is(MerkleFrontier.fromSubtrees(7, roots), undefined, 'one subtree per bit of the size');
  assert.is(MerkleFrontier.fromSubtrees(6, [roots[0], 'XY'.repeat(32)]), undefined, 'lowercase hex only');
  assert.is(MerkleFrontier.fromSubtrees(6, [roots[0], 7]), undefined);
  assert.is(MerkleFrontier.fromSubtrees(-1, []), undefined);
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
