/**
 * Reads the JSON or YAML documents the CLI accepts (--input, --data). YAML is chosen by the
 * .yaml/.yml extension; anything else must be JSON, so a typo is an error, not a surprise.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { JsonValue } from '../engine/protocol/jsonrpc.js';
import { CommandFailure } from './usage.js';

/** A parsed document with its text and the format it was read in. */
export interface ReadDocument { value: JsonValue; text: string; format: 'json' | 'yaml' }

export async function readDocumentText(file: string): Promise<ReadDocument> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CommandFailure(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    return /\.ya?ml$/i.test(file) ? { value: parseYaml(text) as JsonValue, text, format: 'yaml' } : { value: JSON.parse(text) as JsonValue, text, format: 'json' };
  } catch (error) {
    throw new CommandFailure(`cannot parse ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
