/**
 * Argument checks against inputSchemas (engine/schema/): what ordinary and large calls cost, and
 * how soon schemas and arguments built to make ajv work without end are cut off by the work
 * budget. Each row gives the time of one check, the work units it spent and the nanoseconds a
 * unit took: costs.ts sets each kind of work's units so that a unit stays near a nanosecond on
 * the development machine, which is what makes the budget a bound on time.
 *
 * Run alone: `node dist/test/bench/bench.js arguments`.
 */
import type { ValidateFunction } from 'ajv';
import type { JsonObject, JsonValue } from '../../engine/protocol/jsonrpc.js';
import { compileMetered } from '../../engine/schema/compile.js';
import { TooManySubschemas } from '../../engine/schema/prepare.js';
import { WorkExhausted, WorkMeter } from '../../engine/schema/work-meter.js';
import { WORK_BUDGET } from '../../engine/session/tool-arguments.js';
import { catalogTools } from '../engine/search/catalog.js';
import { percentile } from './stats.js';
import { recordResult } from './results.js';

interface Shape {
  what: string;
  schema: JsonObject;
  args: () => JsonValue;
}

const RUNS = 5;

const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));
const object = (name: string, schema: JsonValue): JsonObject => ({ type: 'object', properties: { [name]: schema } });
/** `$defs` d0..dn, each `make` of a `$ref` to the next, the last `leaf`. */
const chain = (n: number, leaf: JsonObject, make: (ref: JsonObject) => JsonObject): JsonObject => ({
  $ref: '#/$defs/d0',
  $defs: Object.fromEntries(list(n + 1, (i) => [`d${i}`, i === n ? leaf : make({ $ref: `#/$defs/d${i + 1}` })])),
});

const ORDINARY: Shape[] = [
  {
    what: 'write_file: path and 300 B of content',
    schema: { type: 'object', properties: { path: { type: 'string', minLength: 1 }, content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
    args: () => ({ path: 'reports/q3.md', content: 'Quarterly report draft.\n'.repeat(12) }),
  },
  { what: '30,000 objects, uniqueItems (the 40 s call)', schema: object('items', { type: 'array', uniqueItems: true, items: { type: 'object' } }), args: () => ({ items: list(30_000, (i) => ({ i })) }) },
  { what: '100,000 strings, uniqueItems', schema: object('tags', { type: 'array', uniqueItems: true, items: { type: 'string' } }), args: () => ({ tags: list(100_000, (i) => `tag-${i}`) }) },
  {
    what: '100,000 items against an enum of 20,000 values',
    schema: object('a', { type: 'array', items: { enum: list(20_000, (i) => `v${i}`) } }),
    args: () => ({ a: list(100_000, (i) => `v${i % 20_000}`) }),
  },
  { what: '3 MiB string, maxLength', schema: object('s', { type: 'string', maxLength: 4_000_000 }), args: () => ({ s: 'x'.repeat(3 * 1024 * 1024) }) },
  { what: '256 KiB string, pattern ^[^\\u0000-\\u001f]*$', schema: object('s', { type: 'string', pattern: '^[^\\u0000-\\u001f]*$' }), args: () => ({ s: 'x'.repeat(256 * 1024) }) },
];

const HOSTILE: Shape[] = [
  { what: '$refs doubling over 30 levels, allOf', schema: chain(30, { type: 'object' }, (ref) => ({ allOf: [ref, ref] })), args: () => ({}) },
  { what: '$refs doubling over 30 levels, anyOf all failing', schema: chain(30, { type: 'string' }, (ref) => ({ anyOf: [ref, ref] })), args: () => ({}) },
  { what: 'allOf of 400 items schemas, 100,000 items', schema: object('a', { allOf: list(400, () => ({ items: { type: 'integer' } })) }), args: () => ({ a: list(100_000, (i) => i) }) },
  {
    what: '100,000 items failing a $ref each',
    schema: { $defs: { x: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/y' }] }, y: { type: 'string' } }, ...object('a', { type: 'array', items: { $ref: '#/$defs/x' } }) },
    args: () => ({ a: list(100_000, (i) => i) }),
  },
  { what: '2,000 empty objects missing 20,000 required names', schema: object('a', { type: 'array', items: { required: list(20_000, (i) => `k${i}`) } }), args: () => ({ a: list(2000, () => ({})) }) },
  {
    what: '20,000 keys against 900 patternProperties',
    schema: { type: 'object', patternProperties: Object.fromEntries(list(900, (i) => [`^x${i}$`, true])) },
    args: () => Object.fromEntries(list(20_000, (i) => [`k${i}`, 1])),
  },
  {
    what: '1 MiB string, pattern of 4,000 instructions',
    schema: object('s', { type: 'string', pattern: `^(?:${list(300, (i) => 'a'.repeat((i % 20) + 1) + (i > 20 ? String.fromCharCode(98 + (i % 20)) : '')).join('|')})*$` }),
    args: () => ({ s: 'a'.repeat(1024 * 1024) }),
  },
  { what: '1 MiB string, format regex', schema: object('s', { type: 'string', format: 'regex' }), args: () => ({ s: 'a.'.repeat(512 * 1024) }) },
  { what: '1 MiB string, format uri-reference', schema: object('s', { type: 'string', format: 'uri-reference' }), args: () => ({ s: 'a.'.repeat(512 * 1024) }) },
  { what: 'allOf of 5,000 subschemas (not compiled)', schema: object('a', { allOf: list(5000, () => ({ type: 'integer' })) }), args: () => ({ a: 1 }) },
];

export async function benchArguments(): Promise<void> {
  const lines = ['', `argument checks (budget ${WORK_BUDGET.toLocaleString('en')} units; median of ${RUNS} checks)`];
  for (const shape of [...ORDINARY, ...HOSTILE]) lines.push(row(shape));
  lines.push(catalogCompiles());
  process.stdout.write(`${lines.join('\n')}\n`);
}

function row(shape: Shape): string {
  const meter = new WorkMeter();
  const compileStart = performance.now();
  const validate = compiled(shape.schema, meter);
  const compileMs = performance.now() - compileStart;
  if (!validate) {
    recordResult('arguments', { what: shape.what, outcome: 'refused', compile_ms: round(compileMs) });
    return `  ${shape.what.padEnd(52)} refused at compile, ${compileMs.toFixed(2)} ms`;
  }
  const args = shape.args();
  const runs = list(RUNS, () => {
    meter.start(WORK_BUDGET);
    const start = performance.now();
    const outcome = checked(() => validate(args));
    return { ms: performance.now() - start, units: meter.spent, outcome };
  });
  const ms = percentile(runs.map((r) => r.ms), 50);
  const { units, outcome } = runs[0]!;
  const nsPerUnit = (ms * 1e6) / Math.max(units, 1);
  recordResult('arguments', { what: shape.what, outcome, check_ms: round(ms), compile_ms: round(compileMs), units, ns_per_unit: round(nsPerUnit) });
  return `  ${shape.what.padEnd(52)} ${outcome.padEnd(8)} ${ms.toFixed(2).padStart(9)} ms  ${units.toExponential(2).padStart(9)} units  ${nsPerUnit.toFixed(2).padStart(6)} ns/unit  (compile ${compileMs.toFixed(0)} ms)`;
}

/**
 * A tool's first call compiles its inputSchema. Each of the catalog's real tools is compiled as
 * warden does it (one meter, so its kept ajv) and, alternating, on an ajv of its own (a new meter
 * each time), which is what every first call paid before ajvs were kept.
 */
function catalogCompiles(): string {
  const schemas = catalogTools().map((tool) => tool.inputSchema).filter((schema): schema is JsonObject => typeof schema === 'object' && schema !== null && !Array.isArray(schema));
  const meter = new WorkMeter();
  const kept: number[] = [];
  const own: number[] = [];
  const timed = (schema: JsonObject, on: WorkMeter): number => {
    const start = performance.now();
    compiled(structuredClone(schema), on);
    return performance.now() - start;
  };
  schemas.forEach((schema, i) => {
    if (i % 2 === 0) kept.push(timed(schema, meter)), own.push(timed(schema, new WorkMeter()));
    else own.push(timed(schema, new WorkMeter())), kept.push(timed(schema, meter));
  });
  const sum = (times: number[]): number => times.reduce((a, b) => a + b, 0);
  const [keptP50, ownP50] = [percentile(kept, 50), percentile(own, 50)];
  recordResult('arguments', { what: 'catalog schema compiles', schemas: schemas.length, kept_p50_ms: round(keptP50), kept_total_ms: round(sum(kept)), own_ajv_p50_ms: round(ownP50), own_ajv_total_ms: round(sum(own)) });
  return `  first call of each of the catalog's ${schemas.length} tools, compiling its inputSchema: ${keptP50.toFixed(2)} ms p50 (${sum(kept).toFixed(0)} ms in all) `
    + `on a kept ajv, ${ownP50.toFixed(2)} ms p50 (${sum(own).toFixed(0)} ms) on an ajv of its own each; ${(ownP50 / keptP50).toFixed(1)}x`;
}

function compiled(schema: JsonObject, meter: WorkMeter): ValidateFunction | undefined {
  try {
    return compileMetered(schema, meter, WORK_BUDGET);
  } catch (error) {
    if (error instanceof TooManySubschemas) return undefined;
    throw error;
  }
}

function checked(validate: () => boolean): string {
  try {
    return validate() ? 'valid' : 'invalid';
  } catch (error) {
    if (error instanceof WorkExhausted) return 'budget';
    throw error;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
