/**
 * The input document for `warden eval`: a JSON or YAML file, or standard input for `-`
 * (and `--stdin-input`), where JSON is tried first and YAML (a superset) second. An input
 * holding integers a double cannot hold, or JSON numbers JSON.stringify would write otherwise
 * (`10.0`, `1e3`), is given to the policy as JSON text with those numbers as written
 * (engine/protocol/exact-documents.ts), so that the policy reads them as OPA does. Any other
 * input is the JSON of its value.
 */
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { exactDocumentJson, parseDocument, type DocumentFormat } from '../../engine/protocol/exact-documents.js';
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
  const as = (format: DocumentFormat): ReadDocument => ({ value: parseDocument(text, format) as JsonValue, text, format });
  try {
    return as('json');
  } catch {
    try {
      return as('yaml');
    } catch (error) {
      throw new CommandFailure(`cannot parse ${what}: ${errorMessage(error)}`);
    }
  }
}
