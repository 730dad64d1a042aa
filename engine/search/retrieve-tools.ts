/**
 * The `retrieve_tools` meta-tool: its definition as tools/list shows it, and its answer, a
 * CallToolResult naming the best-matching tools with their full definitions, both as
 * structuredContent (for clients that read it) and as JSON text (for those that do not).
 */
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import type { ToolIndex } from './tool-index.js';

export const RETRIEVE_TOOLS = 'retrieve_tools';
export const DEFAULT_LIMIT = 5;
/** Queries are a sentence or two; a longer one is truncated rather than refused. */
export const MAX_QUERY_CHARS = 1024;

/** The warden's own tool, as listed; `maxResults` bounds `limit`. */
export function retrieveToolsDefinition(maxResults: number): JsonObject {
  return {
    name: RETRIEVE_TOOLS,
    title: 'Find tools',
    description: 'Search the tools available to you by what you want to do, and get the best matches with '
      + 'their input schemas. Call this first whenever the tool you need is not listed; then call the '
      + 'tool it returns by name.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, in a few words (e.g. "create a pull request").' },
        limit: { type: 'integer', minimum: 1, maximum: maxResults, description: `How many tools to return (default ${Math.min(DEFAULT_LIMIT, maxResults)}).` },
      },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        tools: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, description: { type: 'string' }, inputSchema: { type: 'object' }, score: { type: 'number' } },
            required: ['name', 'inputSchema'],
          },
        },
      },
      required: ['tools'],
    },
    annotations: { title: 'Find tools', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  };
}

export interface RetrieveArguments {
  query: string;
  limit: number;
}

/** Parses a call's `arguments`; a string is the reason they are unusable. */
export function retrieveArguments(args: JsonValue | undefined, maxResults: number): RetrieveArguments | string {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'arguments must be an object with a string query';
  const { query, limit } = args;
  if (typeof query !== 'string' || query.trim() === '') return 'query must be a non-empty string';
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) return 'limit must be a positive integer';
  return { query: query.slice(0, MAX_QUERY_CHARS), limit: Math.min(limit ?? DEFAULT_LIMIT, maxResults) };
}

/** The CallToolResult of one search. */
export function retrieveToolsResult(index: ToolIndex, args: RetrieveArguments): JsonObject {
  const tools = index.search(args.query, args.limit).map(({ tool, score }) => {
    const found: JsonObject = { name: tool.name };
    if (typeof tool.title === 'string') found.title = tool.title;
    if (typeof tool.description === 'string') found.description = tool.description;
    found.inputSchema = tool.inputSchema ?? { type: 'object' };
    if (tool.annotations !== undefined) found.annotations = tool.annotations;
    found.score = Math.round(score * 1000) / 1000;
    return found;
  });
  const structured: JsonObject = { tools };
  // The spec asks for structured content to be repeated as JSON text for clients that ignore it.
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/** A tool-level error (isError), which the model reads, rather than a protocol error. */
export function retrieveToolsError(message: string): JsonObject {
  return { content: [{ type: 'text', text: message }], isError: true };
}
