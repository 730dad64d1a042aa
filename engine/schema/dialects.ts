/**
 * The ajv class for an inputSchema's `$schema`; absent means 2020-12, the MCP default. draft-04
 * has its own class (ajv-draft-04: `id`, boolean `exclusiveMinimum`); draft-06 is checked as
 * draft-07, as ajv itself does, since draft-07 only added `if`/`then`/`else`. A dialect not named
 * here fails closed.
 */
import { Ajv, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import draft04Module from 'ajv-draft-04';
import type { JsonValue } from '../protocol/jsonrpc.js';

const AjvDraft04 = draft04Module.default;

/** The dialect an inputSchema's `$schema` names, as a key for reusing an ajv, and how to make one. */
export interface DialectClass { key: string; make: (options: Options) => Ajv }

const dialect = (uri: RegExp, make: DialectClass['make']): DialectClass & { uri: RegExp } => ({ uri, key: uri.source, make });

/** In order; the first, 2020-12, is also what an absent `$schema` means. */
const DIALECTS = [
  dialect(/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, (options) => new Ajv2020(options) as unknown as Ajv),
  dialect(/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, (options) => new Ajv2019(options) as unknown as Ajv),
  dialect(/^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/, (options) => new Ajv(options)),
  dialect(/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/, (options) => new AjvDraft04(options) as unknown as Ajv),
];

export function dialectOf(dialect: JsonValue | undefined): DialectClass {
  if (dialect === undefined) return DIALECTS[0]!;
  const found = typeof dialect === 'string' ? DIALECTS.find(({ uri }) => uri.test(dialect)) : undefined;
  if (!found) throw new Error(`unsupported $schema ${JSON.stringify(dialect).slice(0, 200)}`);
  return found;
}
