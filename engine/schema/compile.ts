/**
 * Compiles an upstream's inputSchema for argument checks under a work budget: the schema as
 * prepare.ts copies it, on an ajv whose every step is paid for (cost-keyword.ts), whose patterns
 * run on RE2 (pattern-engine.ts), and whose `uniqueItems` and `enum` are linear
 * (equality-keywords.ts). Throws when the schema cannot be used; the caller fails closed. ajv
 * checks the schema against its meta-schema with the same patterns, so compiling spends from a
 * budget of its own.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import constModule from 'ajv/dist/vocabularies/validation/const.js';
import addFormatsModule from 'ajv-formats';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { appendErrors } from './append-errors.js';
import { addCostKeyword } from './cost-keyword.js';
import { ajvFor } from './dialects.js';
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

export function compileMetered(schema: JsonObject, meter: WorkMeter, budget: number): ValidateFunction {
  // $schema chose the dialect; left in, ajv would look for a draft-06 meta-schema it does not bundle.
  const { $schema: dialect, ...rest } = schema;
  const ajv = ajvFor(dialect, {
    allErrors: true, strict: false, logger: false, inlineRefs: INLINE_REFS, code: { regExp: meteredRegExpEngine(meter), process: appendErrors },
  });
  addFormats(ajv);
  addCostKeyword(ajv, meter);
  addEqualityKeywords(ajv, meter, ENUM);
  ajv.addKeyword({ ...constKeyword, keyword: CONST });
  meter.start(budget);
  return ajv.compile(prepareSchema(rest, MAX_SUBSCHEMAS));
}
