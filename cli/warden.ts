#!/usr/bin/env node
/**
 * The `warden` command line: dispatches to one module per command. Exit codes are the same
 * everywhere: 0 ok, 1 failure, 2 usage error (message and usage on stderr).
 */
import { apiKeyCommand } from './commands/api-key.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { evalCommand } from './commands/eval.js';
import { fmtCommand } from './commands/fmt.js';
import { keyCommand } from './commands/key.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { testCommand } from './commands/test.js';
import { toolsCommand } from './commands/tools.js';
import { verifyCommand } from './commands/verify.js';
import { errorMessage } from './log.js';
import { CommandFailure, EXIT_FAILURE, EXIT_USAGE, UsageError, wantsHelp, type Command } from './usage.js';
import { versionText } from './version.js';

const commands: Record<string, Command> = {
  run: runCommand,
  eval: evalCommand,
  build: buildCommand,
  test: testCommand,
  check: checkCommand,
  fmt: fmtCommand,
  replay: replayCommand,
  tools: toolsCommand,
  verify: verifyCommand,
  'api-key': apiKeyCommand,
  key: keyCommand,
};

const usage = `Usage: warden <command> [options]

mcp-warden: a policy firewall for the Model Context Protocol.

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)}${c.summary}`).join('\n')}

Run "warden <command> --help" for a command's options; "warden --version" prints the version.
Exit codes: 0 ok, 1 failure (or a tampered journal), 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // `warden help run` as `warden run --help`, as git and npm read it.
  if (name === 'help' && rest.length > 0) return main([...rest.slice(0, 1), '--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(`${usage}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`${await versionText()}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) return usageError(`unknown command "${name}"`, usage);
  if (wantsHelp(rest)) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, command.usage);
    process.stderr.write(`warden ${name}: ${errorMessage(error)}\n`);
    return error instanceof CommandFailure ? error.exitCode : EXIT_FAILURE;
  }
}

function usageError(message: string, text: string): number {
  process.stderr.write(`warden: ${message}\n\n${text}\n`);
  return EXIT_USAGE;
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; should a stray handle keep the loop alive, do not hang the caller.
setTimeout(() => process.exit(code), 1000).unref();
