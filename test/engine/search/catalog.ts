/**
 * The shipped tool catalog (test/data/tool-catalog: real definitions from public MCP servers,
 * assembled by scripts/tool-catalog.mjs) and the queries written for it, with the measures the
 * recall test and the benchmark report. Tools are namespaced `<server>__<tool>`, as an
 * aggregating gateway would present them, since several servers share tool names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ToolDefinition, ToolIndex } from '../../../engine/search/tool-index.js';
import { fromRoot } from '../policy/paths.js';

export const CATALOG_DIR = fromRoot('test', 'data', 'tool-catalog');

export interface CatalogFile {
  server: string;
  package: string;
  version: string;
  tools: ToolDefinition[];
}

export interface Query {
  q: string;
  expect: string[];
}

export function catalogFiles(): CatalogFile[] {
  return readdirSync(CATALOG_DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(`${CATALOG_DIR}/${f}`, 'utf8')) as CatalogFile);
}

/** Every tool of every server, renamed `<server>__<tool>`. */
export function catalogTools(files: CatalogFile[] = catalogFiles()): ToolDefinition[] {
  return files.flatMap((file) => file.tools.map((tool) => ({ ...tool, name: `${file.server}__${tool.name}` })));
}

export function catalogQueries(): Query[] {
  return (parseYaml(readFileSync(`${CATALOG_DIR}/queries.yaml`, 'utf8')) as { queries: Query[] }).queries;
}

export interface Measures {
  /** Share of queries with at least one expected tool among the first k. */
  successAtK: number;
  /** Mean over queries of the share of their expected tools among the first k. */
  recallAtK: number;
  /** Mean reciprocal rank of the first expected tool (0 when none is found at all). */
  mrr: number;
  /** Queries with no expected tool among the first k. */
  misses: { q: string; got: string[] }[];
}

export function measure(index: ToolIndex, queries: readonly Query[], k = 5): Measures {
  let success = 0;
  let recall = 0;
  let reciprocal = 0;
  const misses: Measures['misses'] = [];
  for (const { q, expect } of queries) {
    const ranked = index.search(q, index.size).map((hit) => hit.tool.name);
    const top = ranked.slice(0, k);
    const found = expect.filter((name) => top.includes(name)).length;
    if (found > 0) success++;
    else misses.push({ q, got: top });
    recall += found / expect.length;
    const first = ranked.findIndex((name) => expect.includes(name));
    if (first >= 0) reciprocal += 1 / (first + 1);
  }
  const n = queries.length;
  return { successAtK: success / n, recallAtK: recall / n, mrr: reciprocal / n, misses };
}
