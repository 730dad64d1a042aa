/**
 * A BM25 index over MCP tool definitions: name, title, description, and the names and
 * descriptions of the input parameters. Names and parameter names weigh more than prose, since a
 * query word that is part of a tool's name (`create issue` -> `create_issue`) is the strongest
 * evidence there is.
 *
 * Indexes are cached by a digest of the definitions they were built from: sessions whose policy
 * allows the same tools share one, and a changed tool set (a reload, a list_changed) builds a new
 * one instead of patching the old.
 */
import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/jsonrpc.js';
import { addTerms, Bm25Index, DEFAULT_BM25, type Bm25Parameters } from './bm25.js';
import { tokenize, type TokenizeOptions } from './tokenize.js';

/** The parts of a tools/list entry the index reads; the entry itself is returned as it was. */
export interface ToolDefinition extends JsonObject {
  name: string;
}

export interface FieldWeights {
  name: number;
  description: number;
  parameterNames: number;
  parameterDescriptions: number;
}

export const DEFAULT_WEIGHTS: Readonly<FieldWeights> = { name: 3, description: 1, parameterNames: 1, parameterDescriptions: 0.5 };

export interface IndexOptions extends TokenizeOptions {
  weights?: FieldWeights;
  bm25?: Bm25Parameters;
}

/** Descriptions longer than this are cut before tokenising: a page of prose adds noise, not recall. */
const MAX_TEXT_CHARS = 4096;
/** Nested parameter objects are read this deep (arrays of objects count as one level). */
const MAX_SCHEMA_DEPTH = 3;

export interface ToolHit {
  tool: ToolDefinition;
  score: number;
}

export class ToolIndex {
  readonly tools: readonly ToolDefinition[];
  readonly #bm25: Bm25Index;
  readonly #tokenize: TokenizeOptions;

  constructor(tools: readonly ToolDefinition[], options: IndexOptions = {}) {
    const weights = options.weights ?? DEFAULT_WEIGHTS;
    this.#tokenize = { stem: options.stem ?? true };
    this.tools = tools;
    this.#bm25 = new Bm25Index(tools.map((tool) => this.#document(tool, weights)), options.bm25 ?? DEFAULT_BM25);
  }

  get size(): number {
    return this.tools.length;
  }

  search(query: string, limit: number): ToolHit[] {
    return this.#bm25.search(tokenize(query, this.#tokenize), limit).map(({ doc, score }) => ({ tool: this.tools[doc]!, score }));
  }

  #document(tool: ToolDefinition, weights: FieldWeights): Map<string, number> {
    const bag = new Map<string, number>();
    const words = (text: unknown): string[] => typeof text === 'string' ? tokenize(text.slice(0, MAX_TEXT_CHARS), this.#tokenize) : [];
    addTerms(bag, words(tool.name), weights.name);
    addTerms(bag, words(tool.title), weights.name);
    addTerms(bag, words(tool.description), weights.description);
    for (const [name, schema] of parametersOf(tool.inputSchema, MAX_SCHEMA_DEPTH)) {
      addTerms(bag, words(name), weights.parameterNames);
      if (isJsonObject(schema)) addTerms(bag, words(schema.description), weights.parameterDescriptions);
    }
    return bag;
  }
}

/** [name, schema] of every named property, nested ones included up to `depth`. */
function parametersOf(schema: JsonValue | undefined, depth: number): [string, JsonValue][] {
  if (depth === 0 || !isJsonObject(schema)) return [];
  const found: [string, JsonValue][] = [];
  const properties = schema.properties;
  if (isJsonObject(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      found.push([name, property]);
      found.push(...parametersOf(property, depth - 1));
    }
  }
  if (isJsonObject(schema.items)) found.push(...parametersOf(schema.items, depth - 1));
  return found;
}

/** Entries of a tools/list result the index can take: objects with a string name. */
export function toolDefinitions(tools: readonly JsonValue[]): ToolDefinition[] {
  return tools.filter((t): t is ToolDefinition => isJsonObject(t) && typeof t.name === 'string');
}

/** Identifies a tool set: the same definitions in any order give the same digest. */
export function toolSetDigest(tools: readonly ToolDefinition[]): string {
  const hash = createHash('sha256');
  for (const json of tools.map((t) => JSON.stringify(t)).sort()) hash.update(json).update('\n');
  return hash.digest('hex');
}

/** Indexes kept at once; a gateway has a handful of distinct (principal, upstream) tool sets. */
const CACHE_CAPACITY = 16;
const cache = new Map<string, ToolIndex>();

/** The index of exactly these tools, built once per distinct set (least recently used evicted). */
export function toolIndexFor(tools: readonly ToolDefinition[]): ToolIndex {
  const digest = toolSetDigest(tools);
  const cached = cache.get(digest);
  if (cached) {
    cache.delete(digest);
    cache.set(digest, cached);
    return cached;
  }
  const index = new ToolIndex(tools);
  cache.set(digest, index);
  if (cache.size > CACHE_CAPACITY) cache.delete(cache.keys().next().value!);
  return index;
}
