import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DecisionQueue, type Queued, type QueueOwner } from '../../../engine/mediator/decision-queue.js';
import type { DecisionJournal } from '../../../engine/mediator/audit.js';
import type { Plan } from '../../../engine/mediator/plan.js';

/** A journal whose appends are answered only when the test says so, in any order. */
class HeldJournal implements Pick<DecisionJournal, 'append' | 'appendThen'> {
  readonly held: Array<(error?: unknown) => void> = [];
  append(): Promise<{ seq: number; hash: string }> {
    throw new Error('the queue uses appendThen when the journal offers it');
  }
  appendThen(_entry: Record<string, unknown>, done: (error?: unknown) => void): void {
    this.held.push(done);
  }
}

function planOf(id: number, clientText = ''): Plan {
  const message = { jsonrpc: '2.0' as const, id, result: { text: clientText } };
  return { decisionId: `d${id}`, entry: { kind: 'decision' }, send: [{ to: 'client', message }], onJournalFailure: [] };
}

function ownerOf(journal: HeldJournal, options: { clientQueueBytes?: number; act?: (item: Queued) => Promise<void> | undefined } = {}) {
  const acted: string[] = [];
  const events: string[] = [];
  const owner: QueueOwner = {
    journal,
    clientQueueBytes: options.clientQueueBytes ?? 1 << 20,
    act: (item) => {
      acted.push(`${item.plan.decisionId}:${item.outcome?.ok ? 'ok' : 'failed'}`);
      return options.act?.(item);
    },
    pauseUpstream: () => {
      events.push('pause');
      return true;
    },
    resumeUpstream: () => events.push('resume'),
  };
  return { owner, acted, events };
}

test('plans are acted on in arrival order, however their appends are answered', async () => {
  const journal = new HeldJournal();
  const { owner, acted } = ownerOf(journal);
  const queue = new DecisionQueue(owner);
  const items = [1, 2, 3].map((id) => queue.enqueue(planOf(id), 'upstream'));
  journal.held[2]!();
  journal.held[1]!(new Error('disk full'));
  assert.equal(acted, []);
  assert.is(queue.waiting, 3);
  journal.held[0]!();
  await queue.handled(items[2]);
  assert.equal(acted, ['d1:ok', 'd2:failed', 'd3:ok']);
  assert.is(queue.waiting, 0);
});

test('a head whose sends wait holds everything behind it until they are done', async () => {
  const journal = new HeldJournal();
  let release!: () => void;
  const { owner, acted } = ownerOf(journal, { act: (item) => (item.plan.decisionId === 'd1' ? new Promise((resolve) => { release = resolve; }) : undefined) });
  const queue = new DecisionQueue(owner);
  const first = queue.enqueue(planOf(1), 'upstream');
  const second = queue.enqueue(planOf(2), 'upstream');
  journal.held.forEach((done) => done());
  assert.equal(acted, ['d1:ok']);
  assert.is(first.done, undefined);
  let drained = false;
  void queue.drain().then(() => { drained = true; });
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(drained, false);
  release();
  await queue.handled(second);
  assert.equal(acted, ['d1:ok', 'd2:ok']);
  assert.ok(first.done && second.done);
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(drained, true);
});

test('past the client bound the upstream is paused once, and resumed once half has gone out', async () => {
  const journal = new HeldJournal();
  const { owner, events } = ownerOf(journal, { clientQueueBytes: 300 });
  const queue = new DecisionQueue(owner);
  const items = [1, 2, 3, 4].map((id) => queue.enqueue(planOf(id, 'x'.repeat(100)), 'upstream'));
  assert.ok(queue.clientBytes > 300, String(queue.clientBytes));
  assert.equal(events, ['pause']);
  journal.held[0]!();
  journal.held[1]!();
  await queue.handled(items[1]);
  assert.equal(events, ['pause'], 'more than half still waits');
  journal.held[2]!();
  await queue.handled(items[2]);
  assert.equal(events, ['pause', 'resume']);
  journal.held[3]!();
  await queue.handled(items[3]);
  assert.is(queue.clientBytes, 0);
});

test('an owner that cannot pause is asked again by the next plan past the bound', () => {
  const journal = new HeldJournal();
  const { owner, events } = ownerOf(journal, { clientQueueBytes: 100 });
  const queue = new DecisionQueue({ ...owner, pauseUpstream: () => { events.push('refused'); return false; } });
  for (const id of [1, 2, 3]) queue.enqueue(planOf(id, 'x'.repeat(100)), 'upstream');
  assert.equal(events, ['refused', 'refused', 'refused']);
});

test.run();
