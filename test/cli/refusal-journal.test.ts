/**
 * RefusalJournal on a real journal: authenticated refusals are each journaled, unauthenticated
 * ones past the limit end up in one `refusals-suppressed` entry, and the journal still verifies.
 */
import { keyPair } from '../support/key-pair.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openJournal, verifyJournal, type Journal } from '../../engine/journal/index.js';
import type { Principal } from '../../engine/decision/input.js';
import { RefusalJournal, type RefusalJournalOptions } from '../../cli/refusal-journal.js';
import { REFUSAL_LIMITS, RefusalLimiter } from '../../cli/refusal-limiter.js';
import type { Rejection } from '../../transports/contract.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { untilValue } from '../support/until.js';

const { privateKey, publicKey } = keyPair();
const alice: Principal = { id: 'alice', authenticated_by: 'api_key', claims: {}, roles: [] };
const anonymous = (source: string): Rejection => ({ status: 401, code: 'unauthenticated', message: 'Unauthorized: no credentials', listener: 'streamable-http', source });
const tooMany: Rejection = { status: 503, code: 'too_many_sessions', message: 'too many sessions', listener: 'websocket', principal: alice, source: '10.0.0.9' };

async function withRefusals(options: Partial<RefusalJournalOptions>, body: (refusals: RefusalJournal, journal: Journal, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-refusals-'));
  try {
    const journal = await openJournal({ dir, signingKey: privateKey });
    const limiter = new RefusalLimiter({ ...REFUSAL_LIMITS, perSource: { burst: 2, perMinute: 1 } }, 0);
    const refusals = new RefusalJournal({ journal, policyDigest: () => 'sha256:p', onFailure: (error) => { throw error; }, limiter, now: () => 1000, ...options });
    await body(refusals, journal, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const refusalsIn = async (dir: string) => (await readEntries(dir)).filter((e) => e.refusal !== undefined || e.kind === 'refusals-suppressed');

test('past the limit, unauthenticated refusals are counted into one summary at close; authenticated ones are all journaled', () =>
  withRefusals({}, async (refusals, journal, dir) => {
    for (let i = 0; i < 5; i++) await refusals.record(anonymous('10.0.0.1'));
    for (let i = 0; i < 3; i++) await refusals.record(tooMany);
    await refusals.close();
    await journal.close();
    const entries = await refusalsIn(dir);
    assert.equal(entries.map((e) => [e.kind, e.refusal, e.source, e.principal_id]), [
      ['decision', 'unauthenticated', '10.0.0.1', 'unauthenticated'],
      ['decision', 'unauthenticated', '10.0.0.1', 'unauthenticated'],
      ...Array.from({ length: 3 }, () => ['decision', 'too_many_sessions', '10.0.0.9', 'alice']),
      ['refusals-suppressed', undefined, undefined, undefined],
    ]);
    const { kind, count, first, last, reasons, sources, top_sources } = entries.at(-1)!;
    assert.equal({ kind, count, first, last, reasons, sources, top_sources }, {
      kind: 'refusals-suppressed', count: 3, first: new Date(1000).toISOString(), last: new Date(1000).toISOString(),
      reasons: { unauthenticated: 3 }, sources: 1, top_sources: [{ source: '10.0.0.1', count: 3 }],
    });
    const report = await verifyJournal(dir, { publicKey });
    assert.equal([report.problems, report.warnings], [[], []]);
  }));

test('the summary is written summaryAfterMs after the first refusal it counts, and counting starts anew', () =>
  withRefusals({ summaryAfterMs: 20 }, async (refusals, journal, dir) => {
    const summaries = async () => (await refusalsIn(dir)).filter((e) => e.kind === 'refusals-suppressed').map((e) => e.count);
    for (let i = 0; i < 4; i++) await refusals.record(anonymous('10.0.0.2'));
    assert.equal(await untilValue('the summary', async () => ((await summaries()).length > 0 ? summaries() : undefined)), [2]);
    await refusals.record(anonymous('10.0.0.2'));
    await refusals.close();
    await journal.close();
    assert.equal(await summaries(), [2, 1]);
  }));

test('after close nothing is journaled or counted', () =>
  withRefusals({}, async (refusals, journal, dir) => {
    await refusals.close();
    for (let i = 0; i < 5; i++) await refusals.record(anonymous('10.0.0.3'));
    await refusals.record(tooMany);
    await refusals.close();
    await journal.close();
    assert.equal(await refusalsIn(dir), []);
  }));

test('an entry that cannot be written is reported as a failure', () => {
  const failures: unknown[] = [];
  return withRefusals({ onFailure: (error) => failures.push(error) }, async (refusals, journal) => {
    await journal.close();
    await refusals.record(tooMany);
    assert.equal(failures.map((e) => (e as { code?: string }).code), ['journal_closed']);
  });
});

test.run();
