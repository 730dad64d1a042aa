/**
 * `warden fmt`: formats Rego v1 the way `opa fmt` does (and Rego v0 as `opa fmt
 * --v0-compatible` does), so policies read the same in every repository and a formatting check
 * can gate CI.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { filesBelow } from '../../engine/policy/file-walk.js';
import { formatDiagnostic } from '../../engine/index.js';
import { formatModule, unifiedDiff } from '../../engine/compiler/format/index.js';
import { errorMessage } from '../log.js';
import { CommandFailure, EXIT_FAILURE, EXIT_OK, parse, regoVersionOf, UsageError, type Command } from '../usage.js';
import { pathFailure } from '../path-errors.js';

/** `--fail` found a file whose formatting differs: not an error, and not a usage mistake either. */
export const EXIT_NEEDS_FORMATTING = 2;
/** A file that does not parse or cannot be read or written: what opa fmt exits with for it. */
const EXIT_UNFORMATTABLE = 2;

const usage = `Usage: warden fmt [--list] [--diff] [--write] [--fail] [--v0-compatible] [PATH...]

Formats Rego v1 source files in opa fmt's canonical style (tabs, one blank line between
statements, comments kept); with --v0-compatible, Rego v0 files as v0, as opa fmt
--v0-compatible does. Each PATH is a .rego file or a directory searched for *.rego files.
Without a PATH, reads a module from stdin. Without --list, --diff or --write, prints the
formatted source to stdout.

Options:
  -l, --list                   print the names of files whose formatting differs
  -d, --diff                   print a unified diff of the changes formatting would make
  -w, --write                  rewrite files whose formatting differs, in place
      --fail                   exit 2 when any file's formatting differs (alone: list them on stderr)
      --v0-compatible          read and write Rego v0 (rules without if and contains); a file
                               importing rego.v1 is v1
  -h, --help                   show this help

Exit codes: 0 ok; 2 a file does not parse or cannot be read or written
(file:row:col on stderr), a usage error, or with --fail a file needs formatting; 1 standard
input does not parse (as opa fmt).`;

const options = {
  list: { type: 'boolean', short: 'l' },
  diff: { type: 'boolean', short: 'd' },
  write: { type: 'boolean', short: 'w' },
  fail: { type: 'boolean' },
  'v0-compatible': { type: 'boolean' },
} as const;

interface Mode { list: boolean; diff: boolean; write: boolean; fail: boolean; regoVersion: 0 | 1 }

interface Source { name: string; text: string; file?: string }

export const fmtCommand: Command = {
  summary: 'format Rego source files as opa fmt does',
  usage,
  async run(argv) {
    const parsed = parse(argv, options);
    const mode: Mode = {
      list: parsed.values.list === true,
      diff: parsed.values.diff === true,
      write: parsed.values.write === true,
      fail: parsed.values.fail === true,
      regoVersion: regoVersionOf(parsed.values),
    };
    if (mode.write && parsed.positionals.length === 0) throw new UsageError('--write needs a PATH (stdin cannot be rewritten)');
    const sources = parsed.positionals.length === 0 ? [await readStdin()] : await readSources(parsed.positionals);
    let failed = false;
    let unformatted = false;
    for (const source of sources) {
      const outcome = await formatOne(source, mode);
      failed ||= outcome === 'error';
      unformatted ||= outcome === 'changed';
    }
    // opa fmt exits 2 on a file it cannot format, and 1 on standard input it cannot.
    if (failed) return parsed.positionals.length === 0 ? EXIT_FAILURE : EXIT_UNFORMATTABLE;
    return mode.fail && unformatted ? EXIT_NEEDS_FORMATTING : EXIT_OK;
  },
};

async function formatOne(source: Source, mode: Mode): Promise<'error' | 'changed' | 'same'> {
  const result = formatModule(source.name, source.text, mode.regoVersion);
  if (result.formatted === undefined) {
    for (const d of result.errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return 'error';
  }
  const changed = result.formatted !== source.text;
  const report = mode.list || mode.diff || mode.write;
  if (changed && mode.list) process.stdout.write(`${source.name}\n`);
  if (changed && mode.diff) process.stdout.write(unifiedDiff(`${source.name}\t(original)`, `${source.name}\t(formatted)`, source.text, result.formatted));
  if (changed && mode.write && source.file !== undefined) {
    await writeFile(source.file, result.formatted).catch((error: unknown) => {
      throw new CommandFailure(`cannot write ${source.file}: ${errorMessage(error)}`);
    });
  }
  if (changed && mode.fail && !report) process.stderr.write(`warden fmt: ${source.name} needs formatting\n`);
  if (!report && !mode.fail) process.stdout.write(result.formatted);
  return changed ? 'changed' : 'same';
}

async function readStdin(): Promise<Source> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { name: '<stdin>', text: Buffer.concat(chunks).toString('utf8') };
}

/** Files as given, and the *.rego files below each directory, in a stable order. */
async function readSources(paths: readonly string[]): Promise<Source[]> {
  const files: string[] = [];
  for (const p of paths) files.push(...await regoFiles(p));
  return Promise.all(files.map(async (file) => ({ name: file, file, text: await readText(file) })));
}

async function regoFiles(p: string): Promise<string[]> {
  const info = await stat(p).catch((error: unknown) => {
    throw pathFailure(p, error, 'a .rego file or a directory of them');
  });
  if (!info.isDirectory()) return [p];
  return (await filesBelow(p, (name) => name.endsWith('.rego'), () => false)).sort();
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw pathFailure(file, error, 'a Rego module');
  });
}
