import type { JsonObject } from './args.js';
import { parseSchemaDocument } from './graphql-from-js.js';
import { graphqlLib } from './graphql-lib.js';
import { items } from './graphql-to-js.js';

/**
 * The definitions every gqlparser schema starts from: the built-in scalars,
 * the four directives gqlparser predefines, and the introspection types
 * (taken from graphql-js, which answers introspection queries the same way).
 */
const BASE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
`;

let prelude: JsonObject | undefined;

/** A fresh copy each time: loading a schema folds extensions into these definitions. */
export function preludeDocument(): JsonObject {
  if (prelude === undefined) {
    const g = graphqlLib();
    prelude = parseSchemaDocument(BASE + g.introspectionTypes.map((t) => g.printType(t)).join('\n'));
    for (const def of items(prelude, 'Definitions')) def.BuiltIn = true;
  }
  return structuredClone(prelude);
}
