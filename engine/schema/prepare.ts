/**
 * The copy of an upstream's inputSchema that ajv compiles for an argument check. Every schema
 * object in it carries the cost keyword (costs.ts estimates what one evaluation of it costs), so
 * each step of validation spends from the check's budget, wherever a `$ref` leads. Nothing in
 * the copy is an uncounted schema: annotations are dropped and `enum` and `const` renamed, so a
 * `$ref` into a default, an example or an enum value (which ajv would compile as a schema) no
 * longer resolves and the schema fails closed. The upstream's own object is never changed.
 */
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import { nodeCost } from './costs.js';

export const COST = 'mcp-warden:cost';
export const ENUM = 'mcp-warden:enum';
export const CONST = 'mcp-warden:const';

/** Validation never reads them, and a `$ref` into one must not find a schema there. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
/** Checked by this warden's own keywords (equality-keywords.ts, compile.ts), by value. */
const RENAMED = new Map([['enum', ENUM], ['const', CONST]]);
/** Keywords whose value maps names to schemas: the map itself is not a schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
/** Keywords whose value is data that may look like a schema: copied as it is. */
const DATA = new Set(['enum', 'const', 'dependentRequired', '$vocabulary']);
const RESERVED = new Set([COST, ENUM, CONST]);

/**
 * Compiling costs ajv about a millisecond per subschema, more per sibling past a few hundred, and
 * the budget of a check does not cover it. The largest of 323 real tools' schemas has 91 objects.
 */
export class TooManySubschemas extends Error {
  override readonly name = 'TooManySubschemas';
}

/** Throws TooManySubschemas past `limit` schemas, RangeError on one nested deeper than the stack. */
export function prepareSchema(schema: JsonObject, limit: number): JsonObject {
  const walk = new Walk(limit);
  return walk.object(schema);
}

class Walk {
  #left: number;

  constructor(readonly limit: number) {
    this.#left = limit;
  }

  /**
   * Objects under keywords this walk does not know are treated as schemas too: a `$ref` can point
   * anywhere in the document, and an unused cost keyword costs nothing.
   */
  value(value: JsonValue): JsonValue {
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (typeof value === 'object' && value !== null) return this.object(value);
    return value;
  }

  /** Built from entries, so a member named `__proto__` stays a member. */
  object(schema: JsonObject): JsonObject {
    if (--this.#left < 0) throw new TooManySubschemas(`the schema has more than ${this.limit} subschemas`);
    const entries = Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key) && !RESERVED.has(key)).map(([key, value]) => [
      RENAMED.get(key) ?? key,
      DATA.has(key) ? value : SCHEMA_MAPS.has(key) ? this.map(value) : this.value(value),
    ]);
    const cost = nodeCost(schema);
    return Object.fromEntries([...entries, [COST, [cost.base, cost.perChar, cost.perKey]]]) as JsonObject;
  }

  /** Each member of a map is a subschema, `true` and `false` too. */
  map(map: JsonValue): JsonValue {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return map;
    return Object.fromEntries(Object.entries(map).map(([name, schema]) => {
      if (typeof schema === 'boolean' && --this.#left < 0) throw new TooManySubschemas(`the schema has more than ${this.limit} subschemas`);
      return [name, this.value(schema)];
    }));
  }
}
