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

type Dialect = [uri: RegExp, make: (options: Options) => Ajv];

const DIALECTS: readonly Dialect[] = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, (options) => new Ajv2020(options) as unknown as Ajv],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, (options) => new Ajv2019(options) as unknown as Ajv],
  [/^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/, (options) => new Ajv(options)],
  [/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/, (options) => new AjvDraft04(options) as unknown as Ajv],
];

/** The dialect an inputSchema's `$schema` names, as a key for reusing an ajv, and how to make one. */
export interface DialectClass { key: string; make: (options: Options) => Ajv }

const NAMED: readonly DialectClass[] = DIALECTS.map(([uri, make]) => ({ key: uri.source, make }));

export function dialectOf(dialect: JsonValue | undefined): DialectClass {
  // Absent, it is 2020-12, the first.
  if (dialect === undefined) return NAMED[0]!;
  const index = typeof dialect === 'string' ? DIALECTS.findIndex(([uri]) => uri.test(dialect)) : -1;
  if (index < 0) throw new Error(`unsupported $schema ${JSON.stringify(dialect).slice(0, 200)}`);
  return NAMED[index]!;
}
