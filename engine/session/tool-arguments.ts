/**
 * Checks a tools/call's arguments against the tool's inputSchema (ajv), for the policy's
 * `input.tool.arguments_valid` and `argument_errors`. Schemas come from the upstream, so they are
 * untrusted: each is compiled once per tool definition hash (a bounded cache), size-limited,
 * never fetches a remote `$ref`, and runs its `pattern`s on RE2 (linear time) instead of
 * JavaScript's backtracking regexes. A schema that does not compile makes every call's arguments
 * invalid, with the reason as the error: the arguments cannot be shown to be what the tool said.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { re2RegExpEngine } from '../builtins/ajv-re2.js';
import type { ArgumentError } from '../decision/input.js';
import type { JsonValue } from '../protocol/jsonrpc.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface ArgumentCheck { valid: boolean; errors: ArgumentError[] }

/** Schemas larger than this (as JSON) are refused, not compiled. */
export const MAX_SCHEMA_BYTES = 256 * 1024;
/** At most this many errors are reported for one call. */
export const MAX_ERRORS = 10;
const CACHE_LIMIT = 512;

type Compiled = { validate: ValidateFunction } | { error: string };

/** Which ajv dialect a `$schema` selects; absent means 2020-12, the MCP default. */
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;
const DRAFT_2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

export class ArgumentChecker {
  readonly #cache = new Map<string, Compiled>();

  /**
   * `key` names the schema (the tool's definition hash): a definition is compiled once. Absent
   * arguments are checked as `{}`, as the MCP SDK servers do.
   */
  check(key: string, schema: JsonValue | undefined, args: JsonValue | undefined): ArgumentCheck {
    const compiled = this.#compiled(key, schema);
    if ('error' in compiled) return { valid: false, errors: [{ path: '', message: compiled.error }] };
    const { validate } = compiled;
    if (validate(args ?? {})) return { valid: true, errors: [] };
    return { valid: false, errors: (validate.errors ?? []).slice(0, MAX_ERRORS).map(toArgumentError) };
  }

  #compiled(key: string, schema: JsonValue | undefined): Compiled {
    const hit = this.#cache.get(key);
    if (hit) {
      // Most recently used last, so the oldest is evicted first.
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const compiled = compile(schema);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, compiled);
    return compiled;
  }
}

function compile(schema: JsonValue | undefined): Compiled {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { error: 'the tool has no usable inputSchema (not a JSON object), so its arguments cannot be checked' };
  }
  const size = JSON.stringify(schema).length;
  if (size > MAX_SCHEMA_BYTES) return { error: `the tool's inputSchema is too large to check (${size} bytes, the limit is ${MAX_SCHEMA_BYTES})` };
  const { $schema: dialect, ...rest } = schema;
  try {
    // One ajv per schema: upstreams reusing an $id cannot collide. $schema chose the dialect; left
    // in, ajv would look for draft-04 and draft-06 meta-schemas it does not bundle.
    return { validate: ajvFor(dialect).compile(rest) };
  } catch (error) {
    return { error: `the tool's inputSchema does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function ajvFor(dialect: JsonValue | undefined): Ajv {
  const options: Options = { allErrors: true, strict: false, logger: false, code: { regExp: re2RegExpEngine } };
  if (dialect === undefined || (typeof dialect === 'string' && DRAFT_2020.test(dialect))) return addFormats(new Ajv2020(options) as unknown as Ajv);
  if (typeof dialect === 'string' && DRAFT_2019.test(dialect)) return addFormats(new Ajv2019(options) as unknown as Ajv);
  if (typeof dialect === 'string' && DRAFT_07.test(dialect)) return addFormats(new Ajv(options));
  throw new Error(`unsupported $schema ${JSON.stringify(dialect).slice(0, 200)}`);
}

/** The path is a JSON Pointer into the arguments ("" for the whole object); messages never quote argument values. */
function toArgumentError(error: ErrorObject): ArgumentError {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path = `${path}/${escapePointer(params.missingProperty)}`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path = `${path}/${escapePointer(params.additionalProperty)}`;
  }
  return { path, message: error.message ?? error.keyword };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
