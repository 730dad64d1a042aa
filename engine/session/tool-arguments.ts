/**
 * Checks a tools/call's arguments against the tool's inputSchema (ajv), for the policy's
 * `input.tool.arguments_valid` and `argument_errors`. Schemas come from the upstream and
 * arguments from the client, so both are untrusted: each schema is compiled once per tool
 * definition hash (a bounded cache), size-limited, never fetches a remote `$ref`, and each check
 * runs under a work budget (engine/schema/). A schema that does not compile, or a check that
 * cannot finish within its budget, makes the arguments invalid, with the reason as the error:
 * they cannot be shown to be what the tool said.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ArgumentError } from '../decision/input.js';
import { isJsonObject, type JsonValue } from '../protocol/jsonrpc.js';
import { compileMetered, prepareDialect } from '../schema/compile.js';
import { WorkExhausted, WorkMeter } from '../schema/work-meter.js';

export interface ArgumentCheck { valid: boolean; errors: ArgumentError[] }

/** Schemas larger than this (as JSON) are refused, not compiled. */
export const MAX_SCHEMA_BYTES = 256 * 1024;
/** At most this many errors are reported for one call. */
export const MAX_ERRORS = 10;
/**
 * Work units (engine/schema/costs.ts: about a nanosecond each on the development machine) one
 * check may spend, as much as the policy's own default budget.
 */
export const WORK_BUDGET = 200_000_000;
const CACHE_LIMIT = 512;

type Compiled = { validate: ValidateFunction } | { error: string };

export class ArgumentChecker {
  readonly #cache = new Map<string, Compiled>();
  readonly #meter: WorkMeter;

  /** `meter` charges every check; one per checker, since its checks never interleave. */
  constructor(meter = new WorkMeter()) {
    this.#meter = meter;
  }

  /**
   * `key` names the schema (the tool's definition hash): a definition is compiled once. Absent
   * arguments are checked as `{}`, as the MCP SDK servers do.
   */
  check(key: string, schema: JsonValue | undefined, args: JsonValue | undefined): ArgumentCheck {
    const compiled = this.#compiled(key, schema);
    if ('error' in compiled) return invalid(compiled.error);
    const { validate } = compiled;
    this.#meter.start(WORK_BUDGET);
    try {
      if (validate(args ?? {})) return { valid: true, errors: [] };
    } catch (error) {
      return invalid(abandoned(error));
    }
    return { valid: false, errors: (validate.errors ?? []).slice(0, MAX_ERRORS).map(toArgumentError) };
  }

  /**
   * After a listing: readies, in idle time, the schema dialects its tools use, so the first call of
   * each tool compiles only its own schema (under a millisecond) and not its dialect's meta-schema
   * too (10-70 ms). Only the dialects are prepared: schemas are still compiled when a tool is called.
   */
  prepareFor(tools: readonly JsonValue[]): void {
    const dialects = new Set<JsonValue | undefined>();
    for (const tool of tools) {
      const schema = isJsonObject(tool) ? tool['inputSchema'] : undefined;
      if (isJsonObject(schema)) dialects.add(schema['$schema']);
    }
    if (dialects.size === 0) return;
    setImmediate(() => {
      for (const dialect of dialects) prepareDialect(this.#meter, dialect);
    }).unref();
  }

  #compiled(key: string, schema: JsonValue | undefined): Compiled {
    const hit = this.#cache.get(key);
    if (hit) {
      // Most recently used last, so the oldest is evicted first.
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const compiled = compile(schema, this.#meter);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, compiled);
    return compiled;
  }
}

function compile(schema: JsonValue | undefined, meter: WorkMeter): Compiled {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { error: 'the tool has no usable inputSchema (not a JSON object), so its arguments cannot be checked' };
  }
  const size = JSON.stringify(schema).length;
  if (size > MAX_SCHEMA_BYTES) return { error: `the tool's inputSchema is too large to check (${size} bytes, the limit is ${MAX_SCHEMA_BYTES})` };
  try {
    return { validate: compileMetered(schema, meter, WORK_BUDGET) };
  } catch (error) {
    return { error: `the tool's inputSchema does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function invalid(message: string): ArgumentCheck {
  return { valid: false, errors: [{ path: '', message }] };
}

/** Why a check stopped before its answer; none of them quotes the arguments. */
function abandoned(error: unknown): string {
  if (error instanceof WorkExhausted) return `checking the arguments against the tool's inputSchema exceeded its work budget (${WORK_BUDGET} units)`;
  if (error instanceof RangeError) return 'the arguments are nested too deeply to check against the tool\'s inputSchema';
  return `the arguments could not be checked against the tool's inputSchema: ${error instanceof Error ? error.message : String(error)}`;
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
