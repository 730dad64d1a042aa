/**
 * print() reaches the SDK's opa_println, which writes with console.log. An evaluation is
 * synchronous, so console.log is borrowed for its duration to send each printed line where the
 * command wants it: `opa eval` writes them to standard error, `opa test` under the test's result.
 */
export function withPrintOutput<T>(onLine: (line: string) => void, run: () => T): T {
  const log = console.log;
  console.log = (...args: unknown[]) => onLine(args.map(String).join(' '));
  try {
    return run();
  } finally {
    console.log = log;
  }
}
