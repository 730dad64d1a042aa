/**
 * Okapi BM25 over a fixed set of documents, each a bag of weighted terms (a field weight says how
 * many times a term of that field counts, which is BM25F in its simplest form).
 *
 * k1 = 1.2 and b = 0.75 are the usual defaults (Robertson and Zaragoza, "The Probabilistic
 * Relevance Framework: BM25 and Beyond", 2009): k1 bounds how much repeating a term helps, b how
 * much a long document is penalised. Tool descriptions vary from five words to several
 * paragraphs, so length normalisation matters; the defaults measured as well as any other pair
 * on the shipped catalog (test/data/tool-catalog).
 *
 * IDF is the non-negative variant ln(1 + (N - df + 0.5) / (df + 0.5)), so a term present in
 * most documents still counts a little instead of counting against a match.
 */

export interface Bm25Parameters {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Readonly<Bm25Parameters> = { k1: 1.2, b: 0.75 };

/** One document: term -> weighted frequency. */
export type TermBag = ReadonlyMap<string, number>;

export interface Scored {
  /** Position of the document in the array the index was built from. */
  doc: number;
  score: number;
}

export class Bm25Index {
  readonly #params: Bm25Parameters;
  /** term -> [doc, weighted frequency] postings. */
  readonly #postings = new Map<string, { doc: number; tf: number }[]>();
  readonly #lengths: Float64Array;
  readonly #averageLength: number;

  constructor(documents: readonly TermBag[], params: Bm25Parameters = DEFAULT_BM25) {
    this.#params = params;
    this.#lengths = new Float64Array(documents.length);
    let total = 0;
    documents.forEach((bag, doc) => {
      let length = 0;
      for (const [term, tf] of bag) {
        length += tf;
        let list = this.#postings.get(term);
        if (!list) this.#postings.set(term, list = []);
        list.push({ doc, tf });
      }
      this.#lengths[doc] = length;
      total += length;
    });
    this.#averageLength = documents.length > 0 ? total / documents.length : 0;
  }

  get size(): number {
    return this.#lengths.length;
  }

  /** Documents matching at least one query term, best first (ties by document order), at most `limit`. */
  search(queryTerms: readonly string[], limit: number): Scored[] {
    const scores = new Map<number, number>();
    const n = this.#lengths.length;
    const { k1, b } = this.#params;
    // A term repeated in the query counts once: queries are short and repetition is usually noise.
    for (const term of new Set(queryTerms)) {
      const postings = this.#postings.get(term);
      if (!postings) continue;
      const idf = Math.log(1 + (n - postings.length + 0.5) / (postings.length + 0.5));
      for (const { doc, tf } of postings) {
        const norm = k1 * (1 - b + b * (this.#lengths[doc]! / (this.#averageLength || 1)));
        scores.set(doc, (scores.get(doc) ?? 0) + idf * (tf * (k1 + 1)) / (tf + norm));
      }
    }
    return [...scores]
      .map(([doc, score]) => ({ doc, score }))
      .sort((x, y) => y.score - x.score || x.doc - y.doc)
      .slice(0, Math.max(0, limit));
  }
}

/** Adds `terms` to `bag`, each counting `weight`. */
export function addTerms(bag: Map<string, number>, terms: readonly string[], weight: number): void {
  for (const term of terms) bag.set(term, (bag.get(term) ?? 0) + weight);
}
