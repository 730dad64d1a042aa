/**
 * The input document for `warden eval`: a JSON or YAML file, or standard input for `-`
 * (and `--stdin-input`), where JSON is tried first and YAML (a superset) second. An input
 * holding integers a double cannot hold is given to the policy as JSON text with all their
 * digits, so that the policy reads them as written, as OPA does: a JSON input as it is, a YAML
 * one read again with its integers as BigInt. Any other input is the JSON of its value.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { holdsUnsafeNumber, numberMarker, unmarkNumbers } from '../../engine/protocol/exact-integers.js';
import { readDocumentText, type ReadDocument } from '../documents.js';
import { errorMessage } from '../log.js';
import { CommandFailure } from '../usage.js';

export interface EvalInput { value: JsonValue; json: string }

export async function readInput(file: string | undefined, stdin: boolean): Promise<EvalInput | undefined> {
  if (stdin || file === '-') return asInput(parseText(await readAll(process.stdin), 'standard input'));
  return file === undefined ? undefined : asInput(await readDocumentText(file));
}

function asInput({ value, text, format }: ReadDocument): EvalInput {
  if (!holdsUnsafeNumber(value)) return { value, json: JSON.stringify(value) };
  return { value, json: format === 'json' ? text : exactYamlJson(text) };
}

/** A YAML document's JSON with its integers' every digit: BigInts stand in as marker strings, then their digits replace them. */
function exactYamlJson(text: string): string {
  return unmarkNumbers(JSON.stringify(parseYaml(text, { intAsBigInt: true }), (_key, v: unknown) => (typeof v === 'bigint' ? numberMarker(String(v)) : v)));
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
