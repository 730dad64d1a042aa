import { createRequire } from 'node:module';

/**
 * The `graphql` package, loaded on first use: it is large, and most policies
 * never call a graphql.* builtin, so warden's start-up should not pay for it.
 * Host builtins must be synchronous, hence require() rather than import().
 */
export type GraphqlLib = typeof import('graphql');

let lib: GraphqlLib | undefined;

export function graphqlLib(): GraphqlLib {
  lib ??= createRequire(import.meta.url)('graphql') as GraphqlLib;
  return lib;
}
