/**
 * The keyword prepare.ts puts in every schema object: `[base, perChar, perKey]` (costs.ts). Its
 * code runs before the object's other keywords, so the work is paid for before it is done, and
 * spends the fixed cost, the part that depends on the value, and the errors recorded since the
 * function's last step.
 */
import { _, Name, type Ajv, type Code, type CodeKeywordDefinition, type KeywordCxt } from 'ajv';
import namesModule from 'ajv/dist/compile/names.js';
import { PER_ERROR } from './costs.js';
import { COST } from './prepare.js';
import type { Meter } from './work-meter.js';

const names = namesModule.default;

/**
 * The errors of this function call already paid for. ajv's `errors` counts what the function has
 * recorded, itself or merged from a `$ref`'s function, so what it grew by since the last step is
 * what to charge. `var`: one per call, however deep the blocks nest.
 */
const CHARGED = new Name('wardenErrorsCharged');

export function addCostKeyword(ajv: Ajv, meter: Meter): void {
  // First among the keywords of no particular type, which run before those of each type.
  const first = ajv.RULES.rules.find((group) => group.type === undefined)?.rules[0]?.keyword;
  ajv.addKeyword(costKeyword(meter, first));
}

function costKeyword(meter: Meter, before: string | undefined): CodeKeywordDefinition {
  return {
    keyword: COST,
    schemaType: 'array',
    ...(before === undefined ? {} : { before }),
    code(cxt: KeywordCxt) {
      const { gen } = cxt;
      const spend = gen.scopeValue('obj', { ref: meter });
      const errors = names.errors;
      const newErrors = _`(${errors} > ${CHARGED} ? (${errors} - ${CHARGED}) * ${PER_ERROR} : 0)`;
      gen.code(_`var ${CHARGED}; ${spend}.spend(${valueCost(cxt)} + ${newErrors}); ${CHARGED} = ${errors}`);
    },
  };
}

function valueCost({ data, schema }: KeywordCxt): Code {
  const [base, perChar, perKey] = schema as [number, number, number];
  let units: Code = _`${base}`;
  if (perChar > 0) units = _`${units} + (typeof ${data} == "string" ? ${data}.length * ${perChar} : 0)`;
  if (perKey > 0) {
    units = _`${units} + (${data} && typeof ${data} == "object" && !Array.isArray(${data}) ? Object.keys(${data}).length * ${perKey} : 0)`;
  }
  return units;
}
