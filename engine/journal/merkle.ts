/**
 * Incremental RFC 6962 Merkle tree head. Only the roots of the perfect subtrees along the right
 * edge are kept (at most log2(n) hashes), which is all a tree head needs; the journal never
 * serves inclusion proofs itself, a verifier recomputes from the lines.
 */
import { emptyTreeHash, nodeHash } from './hashing.js';

export class MerkleFrontier {
  // Perfect subtree roots (hex), left to right; `heights[i]` is log2 of the leaves under `roots[i]`.
  private readonly roots: string[] = [];
  private readonly heights: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * The frontier of a tree of `size` leaves from its perfect subtree roots (hex, left to right):
   * one per bit set in `size`, the largest first. Undefined when they cannot be that frontier.
   */
  static fromSubtrees(size: number, roots: readonly unknown[]): MerkleFrontier | undefined {
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const heights: number[] = [];
    for (let bit = 52; bit >= 0; bit--) if (Math.floor(size / 2 ** bit) % 2 === 1) heights.push(bit);
    if (roots.length !== heights.length || !roots.every((r) => typeof r === 'string' && /^[0-9a-f]{64}$/.test(r))) return undefined;
    const frontier = new MerkleFrontier();
    frontier.roots.push(...(roots as string[]));
    frontier.heights.push(...heights);
    frontier.count = size;
    return frontier;
  }

  /** The perfect subtree roots (hex), left to right: what `fromSubtrees` takes back. */
  subtrees(): string[] {
    return [...this.roots];
  }

  /** Adds a leaf, given as its leaf hash in hex. */
  push(leaf: string): void {
    let hash = leaf;
    let height = 0;
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      hash = nodeHash(this.roots.pop()!, hash);
      this.heights.pop();
      height++;
    }
    this.roots.push(hash);
    this.heights.push(height);
    this.count++;
  }

  /**
   * RFC 6962 splits a tree at the largest power of two below its size, so the left-most perfect
   * subtree is the left child of the root and folding from the right yields the same head.
   */
  root(): Buffer {
    if (this.roots.length === 0) return emptyTreeHash();
    let acc = this.roots[this.roots.length - 1]!;
    for (let i = this.roots.length - 2; i >= 0; i--) acc = nodeHash(this.roots[i]!, acc);
    return Buffer.from(acc, 'hex');
  }
}
