/**
 * `warden verify`: checks a journal's hash chain, Merkle checkpoints and signatures, and
 * prints PASS or FAIL with one `file:line: code: message` line per finding.
 *
 * Signatures are checked against a pinned public key: --public-key, or else this machine's
 * own signing key (the one `warden run` uses by default). Without either, only the keys the
 * journal announces itself are available, which catches accidents but not an attacker, so
 * the result carries a warning.
 */
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { exitCodeFor, formatVerifyReport, verifyJournal, verifyReportJson, type VerifyReport } from '../../engine/journal/index.js';
import { defaultSigningKeyFile } from '../home.js';
import { readPublicKey } from '../keys.js';
import { errorMessage } from '../log.js';
import { CommandFailure, EXIT_USAGE, optionalString, parse, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden verify [--public-key KEY] [--format pretty|json] DIR

Verifies the audit journal in DIR: every line's hash chain, the signed Merkle checkpoints and
their signatures. Prints PASS or FAIL, then one "file:line: code: message" line per finding.

Options:
  --public-key KEY   pinned key: a PEM file (public, or the private signing key) or a
                     signed-note verifier key (default: $MCP_WARDEN_HOME/signing-key.pem
                     when it exists)
  --format FORMAT    pretty (default), or json: one document with "result" (PASS or FAIL),
                     "exit_code", "entries", "segments", and "problems" and "warnings", each
                     finding with its file, line, code, category and message
  -h, --help         show this help

Exit codes: 0 intact, 1 tampered, 2 usage or I/O error, 3 intact but with warnings
(e.g. no pinned key, or entries not yet covered by a signed checkpoint).`;

const options = {
  'public-key': { type: 'string' },
  format: { type: 'string' },
} as const;

const FORMATS = ['pretty', 'json'] as const;

export const verifyCommand: Command = {
  summary: 'verify an audit journal (chain, checkpoints, signatures)',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'missing the journal directory' : 'give exactly one journal directory');
    const format = optionalString(parsed.values, 'format') ?? 'pretty';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
    const given = optionalString(parsed.values, 'public-key');
    const source = given ?? (existsSync(defaultSigningKeyFile()) ? defaultSigningKeyFile() : undefined);
    // A key pinned without being named explains a key_mismatch that would otherwise puzzle.
    if (given === undefined && source !== undefined) process.stderr.write(`warden verify: signatures are checked against this machine's signing key ${source} (give --public-key to pin another)\n`);
    const publicKey = await pinnedKey(source);
    const report = await verifyJournal(parsed.positionals[0]!, publicKey === undefined ? {} : { publicKey });
    const shown = keyFindingsAt(report, source);
    process.stdout.write(format === 'json' ? verifyReportJson(shown) : formatVerifyReport(shown));
    return exitCodeFor(report);
  },
};

async function pinnedKey(source: string | undefined): Promise<KeyObject | string | undefined> {
  if (source === undefined) return undefined;
  try {
    return await readPublicKey(source);
  } catch (error) {
    throw new CommandFailure(`cannot use the public key ${source}: ${errorMessage(error)}`, EXIT_USAGE);
  }
}

/** An unusable key is the key file's fault: the finding names that file, not the journal. */
function keyFindingsAt(report: VerifyReport, source: string | undefined): VerifyReport {
  if (source === undefined) return report;
  return { ...report, problems: report.problems.map((p) => (p.code === 'bad_key' ? { ...p, file: source } : p)) };
}
