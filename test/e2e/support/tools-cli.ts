/**
 * `warden tools` for tests, until cli/warden.ts registers the command: the same Command object,
 * dispatched as cli/warden.ts does (usage errors exit 2, failures print and exit with their code).
 */
import { toolsCommand } from '../../../cli/commands/tools.js';
import { CommandFailure, EXIT_USAGE, UsageError } from '../../../cli/usage.js';

try {
  process.exitCode = await toolsCommand.run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`warden tools: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : error instanceof CommandFailure ? error.exitCode : 1;
}
