/**
 * The input document for `warden eval`: a JSON or YAML file, or standard input for `-`
 * (and `--stdin-input`), where JSON is tried first and YAML (a superset) second. An input
 * holding integers a double cannot hold is given to the policy as JSON text with all their
 * digits (engine/protocol/exact-documents.ts), so that the policy reads them as written, as OPA
 * does. Any other input is the JSON of its value.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { exactDocumentJson } from '../../engine/protocol/exact-documents.js';
import { readDocumentText, type ReadDocument } from '../documents.js';
import { errorMessage } from '../log.js';
import { CommandFailure } from '../usage.js';

export interface EvalInput { value: JsonValue; json: string }

export async function readInput(file: string | undefined, stdin: boolean): Promise<EvalInput | undefined> {
  if (stdin || file === '-') return asInput(parseText(await readAll(process.stdin), 'standard input'));
  return file === undefined ? undefined : asInput(await readDocumentText(file));
}

function asInput({ value, text, format }: ReadDocument): EvalInput {
  return { value, json: exactDocumentJson(value, text, format) ?? JSON.stringify(value) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseText(text: string, what: string): ReadDocument {
  try {
    return { value: JSON.parse(text) as JsonValue, text, format: 'json' };
  } catch {
    try {
      return { value: parseYaml(text) as JsonValue, text, format: 'yaml' };
    } catch (error) {
      throw new CommandFailure(`cannot parse ${what}: ${errorMessage(error)}`);
    }
  }
}
