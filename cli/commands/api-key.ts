/**
 * `warden api-key`: makes API keys for the api_keys auth mode, and hashes existing ones.
 *
 * The key is printed once, on stdout's first line, and stored nowhere: the key file keeps
 * only its SHA-256 digest (see transports/auth/api-key-material.ts for why that suffices
 * for generated keys, and why `hash` refuses short ones).
 */
import type { Readable, Writable } from 'node:stream';
import { appendApiKeyEntry, entryAsYaml } from '../../transports/auth/api-key-file-append.js';
import { API_KEY_ID_PATTERN, ApiKeyFileError } from '../../transports/auth/api-key-file.js';
import { generateApiKey, hashApiKey, MIN_API_KEY_LENGTH } from '../../transports/auth/api-key-material.js';
import { CommandFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, optionalString, parse, requiredString, stringList, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden api-key create --id NAME [--role ROLE ...] [--file KEYS_FILE]
       warden api-key hash < KEY

create  makes a new random key and prints it once on stdout (first line). Without --file it
        then prints the entry to add under "keys:" in the API key file; with --file it adds
        the entry there itself (creating the file with mode 0600). Only the key's hash is
        stored: keep the key itself in the client's secret store.
hash    reads one key on stdin and prints its "sha256:..." digest for the key file. Keys
        shorter than ${MIN_API_KEY_LENGTH} characters are refused: a fast hash protects only
        high-entropy keys.

Options:
  --id NAME         the key's id: principal.id and principal.claims.key_id in policies
  --role ROLE       a role for principal.roles (repeatable)
  --file KEYS_FILE  the API key file (YAML, or JSON by a .json extension) to add the key to
  -h, --help        show this help`;

const createOptions = {
  id: { type: 'string' },
  role: { type: 'string', multiple: true },
  file: { type: 'string' },
} as const;

/** Keys longer than this are not keys: stop reading instead of buffering a stray file. */
const MAX_KEY_INPUT_BYTES = 4096;

export interface ApiKeyIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export function createApiKeyCommand(io: ApiKeyIo): Command {
  return {
    summary: 'create an API key, or hash one, for the api_keys auth mode',
    usage,
    async run(argv) {
      const [sub, ...rest] = argv;
      if (sub === 'create') return create(rest, io);
      if (sub === 'hash') return hash(rest, io);
      throw new UsageError(sub === undefined ? 'missing the subcommand: create or hash' : `unknown subcommand "${sub}": use create or hash`);
    },
  };
}

export const apiKeyCommand: Command = createApiKeyCommand(process);

async function create(argv: string[], io: ApiKeyIo): Promise<number> {
  const { values, positionals } = parse(argv, createOptions);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const id = requiredString(values, 'id');
  if (!new RegExp(API_KEY_ID_PATTERN).test(id)) throw new UsageError('--id must be 1-128 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
  const file = optionalString(values, 'file');
  const key = generateApiKey();
  const entry = { id, hash: hashApiKey(key), roles: [...new Set(stringList(values, 'role'))] };
  if (file === undefined) {
    io.stdout.write(`${key}\n# Add this entry under "keys:" in the API key file; the key above is shown only once:\n${entryAsYaml(entry)}`);
    return EXIT_OK;
  }
  const outcome = await appendApiKeyEntry(file, entry).catch(asFailure);
  io.stdout.write(`${key}\n`);
  io.stderr.write(`warden: ${outcome === 'created' ? 'created' : 'updated'} ${file} with key "${id}"; the key is shown only once\n`);
  return EXIT_OK;
}

async function hash(argv: string[], io: ApiKeyIo): Promise<number> {
  const { positionals } = parse(argv, {});
  if (positionals.length > 0) throw new UsageError('hash reads the key on stdin, not as an argument (arguments end up in shell history)');
  if (io.stdin.isTTY === true) io.stderr.write('warden: paste the key, then press Ctrl-D\n');
  const key = (await readInput(io.stdin)).replace(/\r?\n$/, '');
  if (key === '' || /\s/.test(key)) throw new CommandFailure('stdin must hold exactly one key on one line');
  if (key.length < MIN_API_KEY_LENGTH) {
    throw new CommandFailure(`refusing a key shorter than ${MIN_API_KEY_LENGTH} characters: its fast SHA-256 hash could be guessed; make one with "warden api-key create"`);
  }
  io.stdout.write(`${hashApiKey(key)}\n`);
  return EXIT_OK;
}

async function readInput(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_KEY_INPUT_BYTES) throw new CommandFailure(`stdin holds more than ${MAX_KEY_INPUT_BYTES} bytes; that is not one key`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A key file that cannot be written is a failure (1); one that is missing, malformed or has the id already is the caller's to fix (2). */
function asFailure(error: unknown): never {
  if (error instanceof ApiKeyFileError) {
    const io = error.problems.every((p) => p.code === 'api_keys_unwritable');
    throw new CommandFailure(error.message, io ? EXIT_FAILURE : EXIT_USAGE);
  }
  throw error;
}
