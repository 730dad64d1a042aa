/**
 * Compiles an upstream's inputSchema for argument checks under a work budget: the schema as
 * prepare.ts copies it, on an ajv whose every step is paid for (cost-keyword.ts), whose patterns
 * run on RE2 (pattern-engine.ts), and whose `uniqueItems` and `enum` are linear
 * (equality-keywords.ts). Throws when the schema cannot be used; the caller fails closed. ajv
 * checks the schema against its meta-schema with the same patterns, so compiling spends from a
 * budget of its own.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import constModule from 'ajv/dist/vocabularies/validation/const.js';
import addFormatsModule from 'ajv-formats';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import { appendErrors } from './append-errors.js';
import { addCostKeyword } from './cost-keyword.js';
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

/** Which ajv dialect a `$schema` selects; absent means 2020-12, the MCP default. */
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;
const DRAFT_2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

export function compileMetered(schema: JsonObject, meter: WorkMeter, budget: number): ValidateFunction {
  // $schema chose the dialect; left in, ajv would look for draft-04 and draft-06 meta-schemas it does not bundle.
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

/** One ajv per schema: upstreams reusing an $id cannot collide. */
function ajvFor(dialect: JsonValue | undefined, options: Options): Ajv {
  if (dialect === undefined || (typeof dialect === 'string' && DRAFT_2020.test(dialect))) return new Ajv2020(options) as unknown as Ajv;
  if (typeof dialect === 'string' && DRAFT_2019.test(dialect)) return new Ajv2019(options) as unknown as Ajv;
  if (typeof dialect === 'string' && DRAFT_07.test(dialect)) return new Ajv(options);
  throw new Error(`unsupported $schema ${JSON.stringify(dialect).slice(0, 200)}`);
}
