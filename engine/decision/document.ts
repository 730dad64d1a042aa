/**
 * The decision document the warden wrapper rule returns, and its validation. Everything the
 * engine acts on passes through this schema first: a policy that produces anything else (a
 * mistyped rule, a non-string reason) denies instead of being interpreted.
 */
import { Ajv, type ErrorObject } from 'ajv';

export type RedactionPath = Array<string | number>;

export interface DecisionDocument {
  allow: boolean;
  deny: string[];
  visible_tools: string[] | null;
  redactions: RedactionPath[];
  /** An upstream name, or upstream names in the order to try; null lets the gateway choose. */
  route: string | string[] | null;
  /** The request may be sent again (another endpoint or upstream) after a lost connection or a timeout. */
  retry?: boolean;
}

export const decisionDocumentSchema = {
  $id: 'https://mcp-warden.dev/schema/decision.json',
  type: 'object',
  required: ['allow', 'deny', 'visible_tools', 'redactions', 'route'],
  additionalProperties: false,
  properties: {
    allow: { type: 'boolean' },
    // An empty reason would deny with nothing to say why.
    deny: { type: 'array', items: { type: 'string', minLength: 1 } },
    visible_tools: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
    redactions: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 1,
        items: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] },
      },
    },
    route: {
      anyOf: [
        { type: 'null' },
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, maxItems: 64, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      ],
    },
    retry: { type: 'boolean' },
  },
} as const;

// Compiled as the engine loads, so on every start: checking the schema against JSON Schema's
// meta-schema would first compile that, doubling the import's cost (about 35 ms). The schema is
// ours and fixed; document.test.ts checks it against the meta-schema instead. Without ajv's
// optimising pass over the generated code it compiles in 12-17 ms instead of 16-23 (a process's
// first compile), and checks a document as fast (0.02-0.04 us either way).
const validate = new Ajv({ strict: true, allErrors: false, validateSchema: false, code: { optimize: false } }).compile<DecisionDocument>(decisionDocumentSchema);

export type DocumentCheck = { ok: true; document: DecisionDocument } | { ok: false; reason: string };

export function checkDecisionDocument(value: unknown): DocumentCheck {
  if (validate(value)) return { ok: true, document: value };
  return { ok: false, reason: `invalid decision document: ${describe(validate.errors ?? [])}` };
}

/**
 * What each alternative of the schema's anyOf members accepts: ajv reports the first
 * alternative's own error (`/route must be null` for a route of 5), which names only one of them.
 */
const ALTERNATIVES: Record<string, string> = {
  '#/properties/visible_tools/anyOf': 'must be null or an array of tool names',
  '#/properties/route/anyOf': 'must be null, an upstream name, or an array of 1 to 64 distinct upstream names',
  '#/properties/redactions/items/items/anyOf': 'must be a member name (string) or an array index (integer from 0)',
};

function describe(errors: ErrorObject[]): string {
  const first = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
  if (!first) return 'unknown schema error';
  const where = first.instancePath === '' ? 'document' : first.instancePath;
  return `${where} ${ALTERNATIVES[first.schemaPath] ?? first.message ?? 'is invalid'}`;
}
