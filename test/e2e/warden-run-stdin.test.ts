/**
 * A stdio client that writes its requests and closes its end of warden's stdin (a script piping
 * a file, as the MCP lifecycle has a stdio client end its session) still gets every answer, and
 * the journal records each request's outcome and verifies.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { WARDEN, WORKSPACE_SERVER } from './support/repo.js';
import { assertJournalVerifies, createSandbox } from './support/sandbox.js';

const REQUESTS = [
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}',
  '{"jsonrpc":"2.0","id":3,"method":"ping"}',
  '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"write_file","arguments":{"path":"x.txt","content":"y"}}}',
];

test('every request written before stdin closed is answered, and each has its outcome journaled', async () => {
  const box = await createSandbox();
  try {
    const run = spawnSync(process.execPath, [WARDEN, 'run', '--journal', box.journal, '--policies', box.policies, '--', process.execPath, WORKSPACE_SERVER, box.workspace],
      { env: box.env, input: `${REQUESTS.join('\n')}\n`, encoding: 'utf8', timeout: 30_000 });
    assert.is(run.status, 0, run.stderr);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result?: unknown; error?: { message: string } });
    assert.equal(answers.map((a) => a.id).sort(), [1, 2, 3, 4]);
    assert.match(JSON.stringify(answers.find((a) => a.id === 2)!.result), 'read_file');
    assert.equal(answers.find((a) => a.id === 3)!.result, {});
    assert.match(answers.find((a) => a.id === 4)!.error!.message, /write_file/);
    const outcomes = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && e.direction === 'server_to_client');
    assert.equal(outcomes.map((e) => e.request_id).sort(), [1, 2, 3]);
    assertJournalVerifies(box);
  } finally {
    await box.remove();
  }
});

test.run();
