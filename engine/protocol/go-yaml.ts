/**
 * YAML as OPA reads and writes it: sigs.k8s.io/yaml over go-yaml v2, which implements YAML 1.1.
 * `yes`/`no`/`on`/`off`/`y`/`n` are booleans (`enabled: yes` is true), `017` is octal and
 * `1_000` an integer, and a boolean key becomes the JSON key "true" or "false". go-yaml v2
 * departs from the 1.1 schema the yaml package implements in three ways, mirrored here:
 * sexagesimal numbers (`22:22`) stay strings, timestamps decoded into JSON stay strings, and
 * Go's integer syntax also reads `0o17` as octal.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToStringOptions } from 'yaml';

type Tags = NonNullable<SchemaOptions['customTags']>;
type TagList = Exclude<Parameters<Extract<Tags, (tags: never) => unknown>>[0], undefined>;
type Tag = TagList[number];

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

/** Go's strconv.ParseInt with base 0 reads `0o` octal, which the 1.1 schema does not. */
const GO_OCTAL = {
  identify: (value: unknown) => typeof value === 'number' || typeof value === 'bigint',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[oO][0-7_]+$/,
  resolve(text: string, _onError: (message: string) => void, options: { intAsBigInt?: boolean }) {
    const negative = text.startsWith('-');
    const digits = text.replace(/^[-+]?0[oO]/, '').replaceAll('_', '');
    const big = BigInt(`0o${digits}`) * (negative ? -1n : 1n);
    return options.intAsBigInt ? big : Number(big);
  },
} as unknown as Tag;

function isSexagesimal(tag: Tag): boolean {
  return typeof tag === 'object' && 'format' in tag && tag.format === 'TIME';
}

function isTimestamp(tag: Tag): boolean {
  return typeof tag === 'object' && 'tag' in tag && tag.tag === TIMESTAMP;
}

/** For reading: YAML 1.1 as go-yaml v2 decodes it into JSON values. */
export const GO_YAML_PARSE: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: TagList) => [GO_OCTAL, ...tags.filter((t) => !isSexagesimal(t) && !isTimestamp(t))],
};

/**
 * For writing: a string that 1.1 would read as something else (`"on"`, `"017"`, a date) is
 * quoted, as go-yaml v2 quotes it; sexagesimal-looking text, which go-yaml reads as a string,
 * is not.
 */
export const GO_YAML_STRINGIFY: ToStringOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: TagList) => tags.filter((t) => !isSexagesimal(t)),
};
