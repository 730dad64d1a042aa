/**
 * A config file parsed with its positions kept (engine/config/yaml-source.ts), so a problem found
 * in the parsed value can be reported at its line and column. JSON files go through the same
 * YAML 1.2 parser (JSON is YAML's flow subset), which also makes a repeated key an error in both
 * formats, where JSON.parse would silently keep the last one.
 */
import { yamlSource, type Position } from '../../engine/config/yaml-source.js';
import type { ConfigDiagnostic } from './diagnostic.js';

/** Far above any real config; a bigger file is a mistake, not a configuration. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases may expand exponentially ("billion laughs"); a config needs few. */
const MAX_ALIAS_COUNT = 100;

export interface ConfigSource {
  file: string;
  value: unknown;
  /** Where the value at `path` starts; `key` asks for its key instead (unknown-property errors). */
  locate(path: string, key?: boolean): Position | undefined;
}

export type SourceResult = { ok: true; source: ConfigSource } | { ok: false; errors: ConfigDiagnostic[] };

export function parseConfigSource(file: string, text: string): SourceResult {
  // merge: `<<: *defaults` keys, as YAML 1.1 and docker-compose files use them to share settings.
  const source = yamlSource(text, { uniqueKeys: true, merge: true });
  if (source.errors.length > 0) return { ok: false, errors: source.errors.map((e) => ({ file, ...e })) };
  let value: unknown;
  try {
    value = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { ok: false, errors: [{ file, path: '', message: error instanceof Error ? error.message : String(error) }] };
  }
  return { ok: true, source: { file, value, locate: source.locate } };
}
