/**
 * The name a stdio upstream gets when none is given. It keys the upstream's tool store and its
 * approvals, so two different servers must not get the same one: with the program's file name
 * alone, `node a/server.js` and `node b/tools.mjs` were both "node", and each server's tools
 * read as changed definitions of the other's. For an interpreter or a package runner, the
 * name is taken from what it runs: the script's file name without its extension (its directory's
 * when the file name says nothing, like index.js), the package's name without scope or version,
 * or Python's -m module.
 */
import path from 'node:path';

/** Interpreters and package runners, with the subcommands that may come before what they run. */
const LAUNCHERS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...['node', 'nodejs', 'tsx', 'ts-node', 'python', 'python3', 'pypy3', 'ruby', 'perl', 'php', 'sh', 'bash', 'npx', 'bunx', 'uvx'].map((l): [string, string[]] => [l, []]),
  ['bun', ['run', 'x']], ['deno', ['run']], ['pnpm', ['dlx', 'exec']], ['yarn', ['dlx', 'exec']], ['uv', ['run', 'tool']], ['pipx', ['run']],
]);

/** File names that name an entry point, not a server: the directory above says more. */
const GENERIC_FILES = new Set(['index', 'main', 'server', 'cli', 'app', '__main__', 'mod', 'run', 'start']);
const GENERIC_DIRS = new Set(['dist', 'build', 'lib', 'src', 'bin', 'out', '.']);
const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]s|py|rb|pl|php|sh)$/;
/** Options whose value comes next and is not what runs (`node -r dotenv/config server.js`). */
const VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '-W', '-X']);
/** Options that run code given inline: there is no file to name the server after. */
const CODE_OPTIONS = new Set(['-e', '--eval', '-p', '--print', '-c']);

export function defaultUpstreamName(command: readonly string[]): string {
  const program = path.basename(command[0] ?? '');
  const subcommands = LAUNCHERS.get(program.replace(/(?<=^python3|^pypy3)\.\d+$/, ''));
  if (subcommands === undefined) return program;
  const name = launched(command.slice(1), subcommands);
  // A name an argument made unusable (too long, control characters) is no name.
  return name !== undefined && name.length <= 128 && !/[\u0000-\u001f\u007f]/.test(name) ? name : program;
}

function launched(args: readonly string[], subcommands: readonly string[]): string | undefined {
  for (let i = subcommands.includes(args[0] ?? '') ? 1 : 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-m' || arg === '--module') return args[i + 1]?.split('.').at(-1) || undefined;
    if (CODE_OPTIONS.has(arg)) return undefined;
    if (VALUE_OPTIONS.has(arg)) i++;
    if (arg.startsWith('-')) continue;
    return nameOf(arg) || undefined;
  }
  return undefined;
}

/** A package spec's name (`@scope/name@1.2` → name), or a script path's stem. */
function nameOf(arg: string): string {
  const spec = /^(?:@[^/@]+\/)?([^/@]+)(?:@[^/]*)?$/.exec(arg);
  if (spec && !SCRIPT_EXTENSION.test(spec[1]!)) return spec[1]!;
  const stem = path.basename(arg).replace(SCRIPT_EXTENSION, '');
  if (!GENERIC_FILES.has(stem)) return stem;
  const dirs = path.dirname(arg).split(/[\\/]/).filter((d) => d !== '' && !GENERIC_DIRS.has(d));
  return dirs.at(-1) ?? stem;
}
