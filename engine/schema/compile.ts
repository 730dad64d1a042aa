/**
 * Compiles an upstream's inputSchema for argument checks under a work budget: the schema as
 * prepare.ts copies it, on an ajv whose every step is paid for (cost-keyword.ts), whose patterns
 * run on RE2 (pattern-engine.ts), and whose `uniqueItems` and `enum` are linear
 * (equality-keywords.ts). Throws when the schema cannot be used; the caller fails closed. ajv
 * checks the schema against its meta-schema with the same patterns, so compiling spends from a
 * budget of its own.
 *
 * A new ajv compiles its dialect's meta-schema before anything else: 10-20 ms, and near 100 ms in a
 * process that has not compiled one yet, which every tool's first call paid while each schema had
 * an ajv of its own. So an ajv is kept per meter and dialect, and every schema it compiled is
 * removed from it right after, so that upstreams reusing an `$id` cannot collide and no schema can
 * `$ref` another's. ajv keeps values of each compiled schema in its code scope, so a kept ajv is
 * replaced after RECYCLE_AFTER compiles.
 */
import type { Ajv, Options, ValidateFunction } from 'ajv';
import constModule from 'ajv/dist/vocabularies/validation/const.js';
import addFormatsModule from 'ajv-formats';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import { appendErrors } from './append-errors.js';
import { addCostKeyword } from './cost-keyword.js';
import { dialectOf } from './dialects.js';
import { addEqualityKeywords } from './equality-keywords.js';
import { meteredRegExpEngine } from './pattern-engine.js';
import { CONST, ENUM, prepareSchema } from './prepare.js';
import type { WorkMeter } from './work-meter.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const constKeyword = constModule.default;

/**
 * A `$ref` to a schema of at most this many keywords is copied into the code that uses it, a
 * larger one is called. ajv's default copies any schema without refs, however large, at every use:
 * a 100 KB schema naming one 12 KB definition 3,000 times took minutes to compile.
 */
const INLINE_REFS = 16;
/** Subschemas one inputSchema may have (prepare.ts): about a second of compiling on a busy machine. */
export const MAX_SUBSCHEMAS = 1000;

/** Compiles on one kept ajv before it is replaced by a new one. */
export const RECYCLE_AFTER = 64;

interface Kept { ajv: Ajv; compiles: number }

const kept = new WeakMap<WorkMeter, Map<string, Kept>>();

export function compileMetered(schema: JsonObject, meter: WorkMeter, budget: number): ValidateFunction {
  // $schema chose the dialect; left in, ajv would look for a draft-06 meta-schema it does not bundle.
  const { $schema: dialect, ...rest } = schema;
  const ajv = keptAjv(meter, dialect);
  meter.start(budget);
  try {
    return ajv.compile(prepareSchema(rest, MAX_SUBSCHEMAS));
  } finally {
    ajv.removeSchema();
  }
}

/**
 * Makes the kept ajv of `dialect` ready (its meta-schema compiled) before any schema needs it, for
 * idle time. False when there is nothing to do: it is ready, or the dialect is not supported.
 */
export function prepareDialect(meter: WorkMeter, dialect: JsonValue | undefined): boolean {
  let key: string;
  try {
    key = dialectOf(dialect).key;
  } catch {
    return false;
  }
  if (kept.get(meter)?.has(key)) return false;
  compileMetered(dialect === undefined ? {} : { $schema: dialect }, meter, Number.MAX_SAFE_INTEGER);
  return true;
}

function keptAjv(meter: WorkMeter, dialect: JsonValue | undefined): Ajv {
  const { key, make } = dialectOf(dialect);
  let byDialect = kept.get(meter);
  if (!byDialect) kept.set(meter, (byDialect = new Map()));
  let entry = byDialect.get(key);
  if (!entry || entry.compiles >= RECYCLE_AFTER) byDialect.set(key, (entry = { ajv: meteredAjv(make, meter), compiles: 0 }));
  entry.compiles++;
  return entry.ajv;
}

function meteredAjv(make: (options: Options) => Ajv, meter: WorkMeter): Ajv {
  const ajv = make({
    allErrors: true, strict: false, logger: false, inlineRefs: INLINE_REFS, code: { regExp: meteredRegExpEngine(meter), process: appendErrors },
  });
  addFormats(ajv);
  addCostKeyword(ajv, meter);
  addEqualityKeywords(ajv, meter, ENUM);
  ajv.addKeyword({ ...constKeyword, keyword: CONST });
  return ajv;
}
