/**
 * `warden key public`: the public half of the journal signing key, for auditors who verify a
 * journal on another machine (`warden verify --public-key FILE`) without ever holding the
 * private key.
 */
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { defaultSigningKeyFile } from '../home.js';
import { pathFailure } from '../path-errors.js';
import { optionalString, parse, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden key public [--signing-key FILE]

Prints the public key (PEM, SPKI) of the journal signing key. Give it to whoever verifies
journals: "warden verify --public-key public.pem DIR". It reveals nothing secret.

Options:
  --signing-key FILE   the Ed25519 signing key (default: $MCP_WARDEN_HOME/signing-key.pem)
  -h, --help           show this help

Key handling (backup, rotation, the commitment key): docs/keys.md.
Exit codes: 0 printed, 1 the key cannot be read, 2 usage error.`;

const options = { 'signing-key': { type: 'string' } } as const;

export const keyCommand: Command = {
  summary: 'print the public key that verifies the journal',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const [action, ...rest] = parsed.positionals;
    if (action !== 'public') throw new UsageError(action === undefined ? 'missing the action (public)' : `unknown action "${action}"`);
    if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
    const file = optionalString(parsed.values, 'signing-key') ?? defaultSigningKeyFile();
    let pem: string;
    try {
      const key = createPublicKey(await readFile(file, 'utf8'));
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
      pem = key.export({ type: 'spki', format: 'pem' }).toString();
    } catch (error) {
      throw pathFailure(file, error, 'the journal signing key (an Ed25519 private key, PEM)');
    }
    process.stdout.write(pem);
    return 0;
  },
};
