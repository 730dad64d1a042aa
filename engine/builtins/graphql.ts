import type * as G from 'graphql';
import { fail, isObject, str, type JsonObject } from './args.js';
import { parseQueryDocument, parseSchemaDocument } from './graphql-from-js.js';
import { decode, prune } from './graphql-go-shape.js';
import { loadSchema } from './graphql-schema.js';
import { queryDocumentNode } from './graphql-to-js.js';
import { queryErrors } from './graphql-validate.js';
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
  const [error] = queryErrors(loadSchema(s), q.doc);
  if (error !== undefined) fail(validationError(error));
  return [prune(q.ast), prune(s)];
}

/** The first rule the query breaks, worded as gqlparser, which OPA reports. */
function validationError(error: G.GraphQLError): string {
  const at = error.locations?.[0];
  const text = error.message.replace(/\.$/, '').replace(MISSING_ARGUMENT, 'Field "$1" argument "$2" of type "$3" is required, but it was not provided');
  return at === undefined ? text : `${text} in GraphQL string at location ${at.line}:${at.column}`;
}

/** graphql-js names a field's missing argument by its coordinate; gqlparser by field and argument. */
const MISSING_ARGUMENT = /^Argument "\w+\.(\w+)\((\w+):\)" of type "([^"]+)" is required, but it was not provided$/;

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
