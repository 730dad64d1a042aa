/**
 * Integers no JavaScript number holds cross `warden run` as written, both ways, and the journal
 * of the session verifies: a client and a server that read JSON exactly (Python, Go with
 * UseNumber, Rust) see what the other wrote.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WARDEN } from './support/repo.js';
import { createSandbox } from './support/sandbox.js';

const SERVER = path.join(path.dirname(WARDEN), '../test/e2e/fixtures/numbers-server.js');

test('a tool call and its answer keep integers past 2^53 to the digit', async () => {
  const box = await createSandbox();
  const warden = spawn(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, '--', process.execPath, SERVER], { env: box.env });
  try {
    let stderr = '';
    warden.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const lines = createInterface({ input: warden.stdout })[Symbol.asyncIterator]();
    const ask = async (line: string): Promise<string> => {
      warden.stdin.write(`${line}\n`);
      return (await lines.next()).value as string;
    };
    await ask('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}');
    warden.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    const listing = await ask('{"jsonrpc":"2.0","id":2,"method":"tools/list"}');
    assert.ok(listing.includes('"maximum":18446744073709551615'), listing);
    const answer = await ask('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"n":12345678901234567891,"ns":[1733500000123456789]}}}');
    assert.ok(answer.includes('"id":98765432109876543210') && answer.includes('"min":-9223372036854775808'), answer);
    warden.stdin.end();
    await new Promise((resolve) => warden.once('exit', resolve));
    const received = stderr.split('\n').find((line) => line.startsWith('RECEIVED') && line.includes('tools/call')) ?? stderr;
    assert.ok(received.includes('"n":12345678901234567891') && received.includes('"ns":[1733500000123456789]'), received);
    const verified = box.warden(['verify', '--public-key', path.join(box.home, 'signing-key.pem'), box.journal]);
    assert.match(verified.stdout, /^PASS/, verified.stdout + verified.stderr);
  } finally {
    if (warden.exitCode === null) warden.kill('SIGKILL');
    await box.remove();
  }
});

test.run();
