/**
 * Tool search: what building the BM25 index of 1,000 tools costs, what one retrieve_tools query
 * costs against it, and the digest that decides whether a session can reuse a cached index. The
 * 1,000 tools are the shipped catalog's 323 real definitions (test/data/tool-catalog) repeated
 * under distinct names, so text length and vocabulary are those of real servers. Recall and MRR
 * are measured on the catalog itself, with its queries.
 *
 * Run alone: `node dist/test/bench/bench.js tool-search`.
 */
import { ToolIndex, toolSetDigest, type ToolDefinition } from '../../engine/search/tool-index.js';
import { ToolSearch } from '../../engine/search/tool-search.js';
import { catalogQueries, catalogTools, measure } from '../engine/search/catalog.js';
import { percentile, sampleSync } from './stats.js';
import { recordResult, us } from './results.js';

const TOOLS = 1000;
const BUILDS = 30;
const QUERY_ROUNDS = 20;

function thousandTools(): ToolDefinition[] {
  const real = catalogTools();
  return Array.from({ length: TOOLS }, (_, i) => {
    const tool = real[i % real.length]!;
    const copy = Math.floor(i / real.length);
    return copy === 0 ? tool : { ...tool, name: `${tool.name}_${copy}` };
  });
}

export async function benchToolSearch(): Promise<void> {
  const tools = thousandTools();
  const queries = catalogQueries();
  const builds = sampleSync(BUILDS, 3, () => new ToolIndex(tools));
  const digests = sampleSync(BUILDS, 3, () => toolSetDigest(tools));
  const index = new ToolIndex(tools);
  let q = 0;
  const searches = sampleSync(queries.length * QUERY_ROUNDS, queries.length, () => index.search(queries[q++ % queries.length]!.q, 5));
  // What a session pays on its first retrieve_tools after a listing: the listing is kept, and
  // the index is found in the cache by digest or built.
  const listing = { tools };
  const firstSearch = sampleSync(BUILDS, 3, () => {
    const search = new ToolSearch({ favourites: [], maxResults: 20 });
    search.present(listing, null);
    return search.answer({ query: 'create a pull request' });
  });
  const real = catalogTools();
  const measured = measure(new ToolIndex(real), queries);
  const row = (what: string, ms: number[]): string => {
    recordResult('tool-search', { what, runs: ms.length, p50_us: us(percentile(ms, 50)), p99_us: us(percentile(ms, 99)) });
    return `  ${what.padEnd(44)} p50 ${percentile(ms, 50).toFixed(3).padStart(8)} ms   p99 ${percentile(ms, 99).toFixed(3).padStart(8)} ms`;
  };
  process.stdout.write([
    '',
    `tool search (${TOOLS} tools built from ${real.length} real definitions)`,
    row(`index build, ${TOOLS} tools (${BUILDS} runs)`, builds),
    row(`tool-set digest, ${TOOLS} tools (cache key)`, digests),
    row(`query, top 5 (${searches.length} queries)`, searches),
    row('first search after a listing (cached index)', firstSearch),
    `  recall on the catalog (${real.length} tools, ${queries.length} queries): success@5 ${measured.successAtK.toFixed(3)}, recall@5 ${measured.recallAtK.toFixed(3)}, MRR ${measured.mrr.toFixed(3)}`,
    '',
  ].join('\n'));
  recordResult('tool-search', { what: 'recall on the catalog', tools: real.length, queries: queries.length, success_at_5: measured.successAtK, recall_at_5: measured.recallAtK, mrr: measured.mrr });
}
