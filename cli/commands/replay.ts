/**
 * `warden replay`: re-decides the traffic a journal recorded under a candidate policy and
 * prints what would change. Needs a journal written with `--journal-inputs`
 * (`journal.record_inputs`); entries without a recorded input are counted as not replayable.
 */
import { Console } from 'node:console';
import { buildPolicy, readPolicyDir, type ReadOptions, type WardenPolicy } from '../../engine/policy/index.js';
import { compileFailure } from '../compile-errors.js';
import { stderrLogger } from '../log.js';
import { replayer } from '../replay/decide.js';
import { formatReport, type ReplayFormat } from '../replay/format.js';
import { ReplayCases } from '../replay/input.js';
import { forEachDecision, JournalReadError, segmentFiles } from '../replay/journal.js';
import { ReportBuilder } from '../replay/report.js';
import { CommandFailure, EXIT_FAILURE, EXIT_OK, optionalString, parse, regoVersionOf, requiredString, UsageError, type Command } from '../usage.js';

/** With --fail-on-change: the candidate changes at least one decision. */
export const EXIT_CHANGED = 2;

const usage = `Usage: warden replay --journal DIR --policies CANDIDATE_DIR [options]

Re-decides every decision recorded in the journal with the candidate policy (the same wrapper,
evaluation and fail-closed rules as "warden run") and prints what would change: allow -> deny,
deny -> allow, deny reasons, redactions and visible tools, grouped by rule and reason, with
example decisions (seq, method, tool, decision id).

Only journals written with "warden run --journal-inputs" (journal.record_inputs) hold the
inputs replay needs; decisions without one are counted as not replayable, with the reason.
Replay reads the journal without checking it: run "warden verify" for that.

Options:
  --journal DIR       the journal to replay                                  (required)
  --policies DIR      the candidate policy directory (*.rego, data file)     (required)
  --data FILE         base data document, JSON or YAML; replaces DIR's data file
  --v0-compatible     parse the candidate as Rego v0 (modules importing rego.v1 stay v1)
  --strict-builtin-errors
                      decide as "warden run --strict-builtin-errors" does: a failing
                      builtin call denies
  --format FORMAT     pretty (default) or json
  --examples N        example decisions per group (default 3)
  --fail-on-change    exit 2 when any decision would change, 1 when none could be replayed
  -h, --help          show this help

Exit codes: 0 done (with --fail-on-change: nothing would change), 1 error (unreadable journal,
candidate policy does not compile; with --fail-on-change: no decision could be replayed, so
nothing was checked), 2 with --fail-on-change: decisions would change; also a usage error (as
for every command).`;

const options = {
  journal: { type: 'string' },
  policies: { type: 'string' },
  data: { type: 'string' },
  'v0-compatible': { type: 'boolean' },
  'strict-builtin-errors': { type: 'boolean' },
  format: { type: 'string' },
  examples: { type: 'string' },
  'fail-on-change': { type: 'boolean' },
} as const;

export const replayCommand: Command = {
  summary: 'show which recorded decisions a candidate policy would change',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument ${parsed.positionals[0]!}`);
    const journal = requiredString(parsed.values, 'journal');
    const policies = requiredString(parsed.values, 'policies');
    const format = formatOf(optionalString(parsed.values, 'format'));
    const examples = examplesOf(optionalString(parsed.values, 'examples'));
    const read = { dataFile: optionalString(parsed.values, 'data'), regoVersion: regoVersionOf(parsed.values), strictBuiltinErrors: parsed.values['strict-builtin-errors'] === true };
    const segments = await unlessUnreadable(segmentFiles(journal));
    const { policy, report } = await printingToStderr(async () => {
      const built = await candidate(policies, read);
      const cases = new ReplayCases();
      const decide = replayer(built);
      const builder = new ReportBuilder(examples);
      await unlessUnreadable(forEachDecision(segments, (entry) => builder.add(decide(cases.next(entry)))));
      return { policy: built, report: builder.finish() };
    });
    process.stdout.write(formatReport(report, { journal, policies, policyDigest: policy.digest }, format));
    if (parsed.values['fail-on-change'] !== true) return EXIT_OK;
    if (report.replayed === 0) {
      // A gate that checked nothing must not pass: a journal written without --journal-inputs holds no input to decide again.
      process.stderr.write(`warden replay: no decision could be replayed (${report.decisions} in the journal, ${report.notReplayable.count} without a recorded input), so --fail-on-change checked nothing; record inputs with warden run --journal-inputs\n`);
      return EXIT_FAILURE;
    }
    return report.changed > 0 ? EXIT_CHANGED : EXIT_OK;
  },
};

function unlessUnreadable<T>(reading: Promise<T>): Promise<T> {
  return reading.catch((error: unknown) => {
    if (error instanceof JournalReadError) throw new CommandFailure(error.message, EXIT_FAILURE);
    throw error;
  });
}

/**
 * A policy's print() goes through console.log (also while the build warms it up); stdout is
 * the report's, and JSON must stay parseable.
 */
async function printingToStderr<T>(body: () => Promise<T>): Promise<T> {
  const saved = globalThis.console;
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  try {
    return await body();
  } finally {
    globalThis.console = saved;
  }
}

async function candidate(dir: string, read: ReadOptions): Promise<WardenPolicy> {
  try {
    return await buildPolicy(await readPolicyDir(dir, read));
  } catch (error) {
    throw compileFailure(error, stderrLogger(), `the candidate policy ${dir} does not build`);
  }
}

function formatOf(value: string | undefined): ReplayFormat {
  if (value === undefined || value === 'pretty' || value === 'json') return value ?? 'pretty';
  throw new UsageError('--format must be pretty or json');
}

function examplesOf(value: string | undefined): number {
  if (value === undefined) return 3;
  if (!/^\d{1,4}$/.test(value)) throw new UsageError('--examples needs a whole number from 0 to 9999');
  return Number(value);
}
