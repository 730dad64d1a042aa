import type * as G from 'graphql';
import { fail, isObject, str, type JsonObject } from './args.js';
import { parseQueryDocument, parseSchemaDocument } from './graphql-from-js.js';
import { decode, prune } from './graphql-go-shape.js';
import { loadSchema } from './graphql-schema.js';
import { queryDocumentNode } from './graphql-to-js.js';
import { validQuery } from './graphql-validate.js';
import type { BuiltinTable } from './types.js';

/**
 * graphql.* builtins, with OPA's semantics: gqlparser's grammar, schema rules
 * and query rules; ASTs as gqlparser's structs in JSON, pruned. Queries and
 * schemas may be given as text or as such AST objects.
 */

interface Query { ast: JsonObject; doc: G.DocumentNode }

const EMPTY_DOCUMENT = { kind: 'Document', definitions: [] } as unknown as G.DocumentNode;

function readQuery(v: unknown): Query {
  if (typeof v === 'string') {
    const { doc, ast } = parseQueryDocument(v);
    return { ast, doc: doc ?? EMPTY_DOCUMENT };
  }
  if (!isObject(v)) fail('query must be a string or an object');
  const ast = decode('QueryDocument', v) as JsonObject;
  return { ast, doc: queryDocumentNode(ast) };
}

function readSchema(v: unknown): JsonObject {
  if (typeof v === 'string') return parseSchemaDocument(v);
  if (!isObject(v)) fail('schema must be a string or an object');
  return decode('SchemaDocument', v) as JsonObject;
}

/** Both ASTs, once the query has been validated against the schema. */
function verified(query: unknown, schema: unknown): [unknown, unknown] {
  const q = readQuery(query);
  const s = readSchema(schema);
  if (!validQuery(loadSchema(s), q.doc)) fail('query does not validate against the schema');
  return [prune(q.ast), prune(s)];
}

function holds(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

function parseAndVerify(query: unknown, schema: unknown): unknown[] {
  try {
    return [true, ...verified(query, schema)];
  } catch {
    return [false, {}, {}];
  }
}

export const graphqlBuiltins: BuiltinTable = {
  'graphql.parse_query': (query) => prune(parseQueryDocument(str(query)).ast),
  'graphql.parse_schema': (schema) => prune(parseSchemaDocument(str(schema))),
  'graphql.parse': verified,
  'graphql.parse_and_verify': parseAndVerify,
  'graphql.is_valid': (query, schema) => holds(() => verified(query, schema)),
  'graphql.schema_is_valid': (schema) => holds(() => loadSchema(readSchema(schema))),
};
