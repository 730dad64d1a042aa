/**
 * Compiles an upstream's inputSchema for argument checks under a work budget: the schema as
 * prepare.ts copies it, on an ajv whose every step is paid for (cost-keyword.ts), whose patterns
 * run on RE2 (pattern-engine.ts), and whose `uniqueItems` and `enum` are linear
 * (equality-keywords.ts). Throws when the schema cannot be used; the caller fails closed. ajv
 * checks the schema against its meta-schema with the same patterns, so compiling spends from a
 * budget of its own. One ajv per meter and dialect serves schema after schema (kept-ajv.ts).
 */
import type { Ajv, Options, ValidateFunction } from 'ajv';
import constModule from 'ajv/dist/vocabularies/validation/const.js';
import addFormatsModule from 'ajv-formats';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import { appendErrors } from './append-errors.js';
import { addCostKeyword } from './cost-keyword.js';
import { dialectOf } from './dialects.js';
import { KeptAjv } from './kept-ajv.js';
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

const kept = new WeakMap<WorkMeter, Map<string, KeptAjv>>();

export function compileMetered(schema: JsonObject, meter: WorkMeter, budget: number): ValidateFunction {
  // $schema chose the dialect; left in, ajv would look for a draft-06 meta-schema it does not bundle.
  const { $schema: dialect, ...rest } = schema;
  const ajv = keptAjv(meter, dialect);
  meter.start(budget);
  return ajv.compile(prepareSchema(rest, MAX_SUBSCHEMAS));
}

/**
 * Makes the ajv of `dialect` ready (its meta-schema compiled) before any schema needs it, for idle
 * time. False when there is nothing to do: it is ready, or the dialect is not supported.
 */
export function prepareDialect(meter: WorkMeter, dialect: JsonValue | undefined): boolean {
  let ajv: KeptAjv;
  try {
    ajv = keptAjv(meter, dialect);
  } catch {
    return false;
  }
  if (ajv.ready) return false;
  meter.start(Number.MAX_SAFE_INTEGER);
  ajv.compile({});
  return true;
}

/** One ajv per meter, since its keywords charge that meter, and per dialect. */
function keptAjv(meter: WorkMeter, dialect: JsonValue | undefined): KeptAjv {
  const { key, make } = dialectOf(dialect);
  let byDialect = kept.get(meter);
  if (!byDialect) kept.set(meter, (byDialect = new Map()));
  let ajv = byDialect.get(key);
  if (!ajv) byDialect.set(key, (ajv = new KeptAjv(() => meteredAjv(make, meter))));
  return ajv;
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
