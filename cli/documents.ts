/**
 * Reads the JSON or YAML documents the CLI accepts (--input, --data). YAML is chosen by the
 * .yaml/.yml extension; anything else must be JSON, so a typo is an error, not a surprise.
 */
import { readFile } from 'node:fs/promises';
import { documentFormat, parseDocument, type DocumentFormat } from '../engine/protocol/exact-documents.js';
import type { JsonValue } from '../engine/protocol/jsonrpc.js';
import { pathFailure } from './path-errors.js';
import { CommandFailure } from './usage.js';

/** A parsed document with its text and the format it was read in. */
export interface ReadDocument { value: JsonValue; text: string; format: DocumentFormat }

export async function readDocumentText(file: string): Promise<ReadDocument> {
  const text = await readText(file);
  const format = documentFormat(file) ?? 'json';
  try {
    return { value: parseDocument(text, format) as JsonValue, text, format };
  } catch (error) {
    throw new CommandFailure(`cannot parse ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `expected` says what the file should have been, for the message when it cannot be read. */
export async function readText(file: string, expected = 'a JSON or YAML document'): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw pathFailure(file, error, expected);
  });
}
