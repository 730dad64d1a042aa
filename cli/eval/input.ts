/**
 * The input document for `warden eval`: a JSON or YAML file, or standard input for `-`
 * (and `--stdin-input`), where JSON is tried first and YAML (a superset) second.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { readDocument } from '../documents.js';
import { errorMessage } from '../log.js';
import { CommandFailure } from '../usage.js';

export async function readInput(file: string | undefined, stdin: boolean): Promise<JsonValue | undefined> {
  if (stdin || file === '-') return parseText(await readAll(process.stdin), 'standard input');
  return file === undefined ? undefined : readDocument(file);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseText(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    try {
      return parseYaml(text) as JsonValue;
    } catch (error) {
      throw new CommandFailure(`cannot parse ${what}: ${errorMessage(error)}`);
    }
  }
}
