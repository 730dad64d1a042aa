import { fail, obj, str, typeFail } from './args.js';
import { parseExactJson } from './exact.js';
import { goMarshal } from './go-json.js';
import { withExactNumbers } from './host.js';
import type { BuiltinTable } from './types.js';

/** json.marshal / unmarshal / is_valid and marshal_with_options. */

/** pretty defaults to true once indent or prefix is given; indent defaults to a tab. */
function marshalWithOptions(value: unknown, options: unknown): string {
  const o = obj(options);
  for (const key of Object.keys(o)) {
    if (!['pretty', 'indent', 'prefix'].includes(key)) typeFail(`object contained unknown key ${JSON.stringify(key)}`);
  }
  if (o.pretty !== undefined && typeof o.pretty !== 'boolean') fail('pretty must be a boolean');
  const indent = o.indent === undefined ? '\t' : str(o.indent);
  const prefix = o.prefix === undefined ? '' : str(o.prefix);
  const pretty = o.pretty ?? (o.indent !== undefined || o.prefix !== undefined);
  return goMarshal(value, pretty ? { prefix, indent } : undefined);
}

/** Numbers JS cannot hold exactly come back as written (see exact.ts). */
function unmarshal(value: unknown): unknown {
  return parseExactJson(str(value));
}

function isValid(value: unknown): boolean {
  try {
    JSON.parse(str(value));
    return true;
  } catch {
    return false;
  }
}

export const jsonBuiltins: BuiltinTable = {
  'json.marshal': withExactNumbers((v) => goMarshal(v)),
  'json.marshal_with_options': withExactNumbers(marshalWithOptions),
  'json.unmarshal': unmarshal,
  'json.is_valid': isValid,
};
