/**
 * `uniqueItems` and `enum` by canonical JSON (RFC 8785), which is JSON Schema's equality: key
 * order does not matter and 1 equals 1.0. ajv compares items pairwise (30,000 objects took 40 s
 * in one tools/call) and a value against every enum member in turn; one canonical text each and
 * a hash lookup make both linear in the size of the value.
 */
import { _, str, type Ajv, type CodeKeywordDefinition, type KeywordErrorDefinition } from 'ajv';
import { canonicalJson } from '../journal/canonical.js';
import { PER_CANONICAL_CHAR, PER_CANONICAL_CONTAINER, PER_LOOKUP } from './costs.js';
import type { Meter } from './work-meter.js';

/** ajv's own wording and parameters, so errors read (and json.match_schema rewords them) as before. */
const UNIQUE_ERROR: KeywordErrorDefinition = {
  message: ({ params: { i, j } }) => str`must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
  params: ({ params: { i, j } }) => _`{i: ${i}, j: ${j}}`,
};
const ENUM_ERROR: KeywordErrorDefinition = {
  message: 'must be equal to one of the allowed values',
  params: ({ schemaCode }) => _`{allowedValues: ${schemaCode}}`,
};

/** Replaces ajv's `uniqueItems`, and its `enum` by a keyword named `enumKeyword`. */
export function addEqualityKeywords(ajv: Ajv, meter: Meter, enumKeyword: string): void {
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword(uniqueItems(meter));
  if (enumKeyword === 'enum') ajv.removeKeyword('enum');
  ajv.addKeyword(enumOf(enumKeyword, meter));
}

function uniqueItems(meter: Meter): CodeKeywordDefinition {
  return {
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    error: UNIQUE_ERROR,
    code(cxt) {
      if (cxt.schema !== true) return;
      const find = cxt.gen.scopeValue('func', { ref: (items: unknown[]) => firstDuplicate(items, meter) });
      const pair = cxt.gen.const('pair', _`${find}(${cxt.data})`);
      cxt.setParams({ i: _`${pair}[1]`, j: _`${pair}[0]` });
      cxt.fail(_`${pair} !== undefined`);
    },
  };
}

function enumOf(keyword: string, meter: Meter): CodeKeywordDefinition {
  return {
    keyword,
    schemaType: 'array',
    error: ENUM_ERROR,
    code(cxt) {
      const isMember = memberOf(cxt.schema as unknown[], meter);
      cxt.fail(_`!${cxt.gen.scopeValue('func', { ref: isMember })}(${cxt.data})`);
    },
  };
}

/** The indexes of the first item equal to an earlier one, earlier first, as ajv's `j` and `i`. */
function firstDuplicate(items: readonly unknown[], meter: Meter): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = canonicalKey(items[i], meter);
    const j = seen.get(key);
    if (j !== undefined) return [j, i];
    seen.set(key, i);
  }
  return undefined;
}

function memberOf(values: readonly unknown[], meter: Meter): (value: unknown) => boolean {
  const keys = new Set(values.map((v) => canonicalJson(v)));
  // An enum of scalars rules an object or array out without reading it.
  const scalarsOnly = values.every((v) => typeof v !== 'object' || v === null);
  return (value) => !(scalarsOnly && typeof value === 'object' && value !== null) && keys.has(canonicalKey(value, meter));
}

/** Its text is charged after it is made: one text is at most one message long. */
function canonicalKey(value: unknown, meter: Meter): string {
  const key = canonicalJson(value);
  const containers = typeof value === 'object' && value !== null ? openings(key) : 0;
  meter.spend(PER_LOOKUP + key.length * PER_CANONICAL_CHAR + containers * PER_CANONICAL_CONTAINER);
  return key;
}

/** Every `{` and `[`, in strings too: an upper bound on the objects and arrays in the text. */
function openings(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) n++;
  }
  return n;
}
