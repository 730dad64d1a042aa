/**
 * What validation costs, in units of about a nanosecond of work on the development machine
 * (2 vCPUs, a VM; measured by the `arguments` section of `make bench`). Each estimate is an upper
 * bound for its kind of work, so a check that stays within its budget stays within about that
 * many nanoseconds. A schema object's own cost is fixed when it is compiled; what depends on the
 * value checked (a string's length, an object's members) is charged as it is checked.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';

/** Evaluating one schema object on one value, before its keywords. */
const STEP = 40;
const PER_KEYWORD = 10;
/** Each name of `required` and of the dependency lists: checked, and maybe an error each. */
const PER_NAME = 10;
/** `const` compares at most its own size (the JSON text of its value). */
const PER_CONST_CHAR = 1;
/** ajv counts code points for minLength and maxLength. */
const PER_LENGTH_CHAR = 5;
/** ajv-formats' regular expressions backtrack: `regex` compiles the string as one. */
const PER_FORMAT_CHAR = new Map([['regex', 1500]]);
const PER_FORMAT_CHAR_OTHERWISE = 500;
/** Walking an object's members (additionalProperties and the like), per member. */
const PER_KEY = 30;
const KEY_WALKERS = ['additionalProperties', 'patternProperties', 'propertyNames', 'unevaluatedProperties', 'minProperties', 'maxProperties', 'const'];

/** Each error recorded: an object and its message, kept until the check ends. */
export const PER_ERROR = 4000;
/** `enum` and `uniqueItems`: a hash lookup (or insert) per value, of its canonical JSON text. */
export const PER_LOOKUP = 1000;
export const PER_CANONICAL_CHAR = 4;
/** Each object or array in a canonical text: canonicalize sorts its keys and joins its members. */
export const PER_CANONICAL_CONTAINER = 1500;
/** One RE2 match: a fixed part, and per character per instruction of the program (re2js runs an NFA). */
export const PER_MATCH = 200;
export const PER_MATCH_CHAR_INSTRUCTION = 16;

export interface NodeCost {
  base: number;
  /** Per UTF-16 unit of a string value. */
  perChar: number;
  /** Per member of an object value. */
  perKey: number;
}

export function nodeCost(schema: JsonObject): NodeCost {
  const names = listLength(schema.required) + nestedListLength(schema.dependentRequired) + nestedListLength(schema.dependencies);
  const constSize = 'const' in schema ? JSON.stringify(schema.const).length : 0;
  return {
    base: STEP + PER_KEYWORD * Object.keys(schema).length + PER_NAME * names + PER_CONST_CHAR * constSize,
    perChar: ('minLength' in schema || 'maxLength' in schema ? PER_LENGTH_CHAR : 0) + formatCost(schema.format),
    perKey: KEY_WALKERS.some((k) => k in schema) ? PER_KEY : 0,
  };
}

function formatCost(format: unknown): number {
  if (typeof format !== 'string') return 0;
  return PER_FORMAT_CHAR.get(format) ?? PER_FORMAT_CHAR_OTHERWISE;
}

function listLength(list: unknown): number {
  return Array.isArray(list) ? list.length : 0;
}

/** `dependencies` maps names to lists (or, in draft-07, schemas, which count as steps of their own). */
function nestedListLength(map: unknown): number {
  if (typeof map !== 'object' || map === null) return 0;
  return Object.values(map).reduce((n: number, list) => n + listLength(list), 0);
}
