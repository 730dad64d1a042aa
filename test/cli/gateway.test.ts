/**
 * The gateway with real pieces: the shipped policy, a journal on disk, and in-memory transports
 * standing in for clients and upstreams. Many sessions share one policy and one journal; a full
 * gateway refuses (journaled); shutdown drains; a journal failure stops every session.
 */
import type { KeyObject } from 'node:crypto';
import { keyPair } from '../support/key-pair.js';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { policyDigest, readPolicyDir } from '../../engine/policy/index.js';
import type { Principal } from '../../engine/decision/input.js';
import { Gateway, GatewayStartError, SessionRefused } from '../../cli/gateway.js';
import type { Logger } from '../../cli/log.js';
import type { Transport } from '../../transports/contract.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { verifyJournal } from '../../engine/journal/index.js';
import { SHIPPED_POLICIES } from '../e2e/support/repo.js';
import { until, untilValue } from '../support/until.js';

class MemoryTransport implements Transport {
  readonly sent: JsonRpcMessage[] = [];
  started = false;
  closed = false;
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  constructor(readonly name: string, readonly answer?: (message: JsonRpcMessage) => JsonRpcMessage | undefined) {}
  async start(): Promise<void> { this.started = true; }
  async send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) throw new Error('closed');
    this.sent.push(message);
    const reply = this.answer?.(message);
    if (reply) setTimeout(() => this.onmessage?.(reply), 5);
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** An upstream that answers every request with an empty result. */
const echoUpstream = (): MemoryTransport => new MemoryTransport('upstream', (m) => ('method' in m && 'id' in m ? { jsonrpc: '2.0', id: m.id, result: {} } : undefined));
const alice: Principal = { id: 'alice', authenticated_by: 'api_key', claims: {}, roles: [] };
const quiet: Logger = { info: () => undefined, error: () => undefined, diagnostics: () => undefined };

async function open(maxSessions = 8, shutdownGraceMs = 1000, maxSessionsPerPrincipal = 0): Promise<{ gateway: Gateway; dir: string; publicKey: KeyObject }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-gateway-'));
  const { privateKey, publicKey } = keyPair();
  const gateway = await Gateway.open({
    policyDir: SHIPPED_POLICIES, journalDir: path.join(dir, 'journal'), stateDir: path.join(dir, 'state'), signingKey: privateKey, hmacKey: new Uint8Array(32),
    log: quiet, limits: { maxSessions, maxSessionsPerPrincipal, requestTimeoutMs: 0, idleTimeoutMs: 0, shutdownGraceMs, maxInFlight: 1024 },
  });
  return { gateway, dir, publicKey };
}

const ping = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, method: 'ping' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

test('sessions share one policy and one journal; each gets its own upstream and principal', async () => {
  const { gateway, dir } = await open();
  const clients = [new MemoryTransport('a'), new MemoryTransport('b')];
  const upstreams = [echoUpstream(), echoUpstream()];
  for (const [i, client] of clients.entries()) {
    await gateway.attach({ transport: client, principal: { ...alice, id: `user-${i}` }, kind: 'streamable-http' }, upstreams[i]!, 'demo');
  }
  assert.is(gateway.sessionCount, 2);
  clients[0]!.onmessage?.(ping(1));
  clients[1]!.onmessage?.(ping(1));
  await until(() => clients.every((c) => c.sent.length === 1), 'both replies');
  assert.equal(clients.map((c) => c.sent), [[{ jsonrpc: '2.0', id: 1, result: {} }], [{ jsonrpc: '2.0', id: 1, result: {} }]]);
  assert.ok(upstreams.every((u) => u.started && u.sent.length === 1));
  await gateway.close();
  const principals = new Set((await readEntries(path.join(dir, 'journal'))).filter((e) => e.kind === 'decision').map((e) => e.principal_id));
  assert.equal(principals, new Set(['user-0', 'user-1']));
  await rm(dir, { recursive: true, force: true });
});

test('a full gateway refuses the session, closes both sides and journals the refusal', async () => {
  const { gateway, dir } = await open(1);
  await gateway.attach({ transport: new MemoryTransport('a'), principal: alice, kind: 'websocket' }, echoUpstream(), 'demo');
  const client = new MemoryTransport('b');
  const upstream = echoUpstream();
  const refused = await gateway.attach({ transport: client, principal: alice, kind: 'websocket' }, upstream, 'demo').then(() => undefined, (e: unknown) => e);
  assert.instance(refused, SessionRefused);
  assert.ok(client.closed && upstream.closed && !upstream.started, 'the upstream was never started');
  await gateway.close();
  const entry = (await readEntries(path.join(dir, 'journal'))).find((e) => e.refusal === 'too_many_sessions');
  assert.ok(entry, 'the refusal is journaled');
  assert.equal([entry!.allow, entry!.http_status, entry!.principal_id], [false, 503, 'alice']);
  await rm(dir, { recursive: true, force: true });
});

test('readiness: ready with room, unready at capacity, again ready once a session ends, and unready while stopping', async () => {
  const { gateway, dir } = await open(1);
  assert.is(gateway.unready(), undefined);
  const live = await gateway.attach({ transport: new MemoryTransport('a'), principal: alice, kind: 'websocket' }, echoUpstream(), 'demo');
  assert.is(gateway.unready(), 'at capacity: 1 of 1 sessions');
  await live.shutdown(0);
  await until(() => gateway.unready() === undefined, 'the ended session freeing its slot', 3000);
  const closing = gateway.close();
  assert.is(gateway.unready(), 'mcp-warden is shutting down');
  await closing;
  await rm(dir, { recursive: true, force: true });
});

test('readiness after a journal failure names the failure', async () => {
  const { gateway, dir } = await open();
  const exit = gateway.fail(new Error('disk gone'));
  assert.is(gateway.unready(), 'the journal failed, stopping');
  await exit;
  await rm(dir, { recursive: true, force: true });
});

test('a principal at its own session limit is refused; other principals, and the same id authenticated otherwise, are not', async () => {
  const { gateway, dir } = await open(8, 1000, 2);
  const attach = (principal: typeof alice) => gateway.attach({ transport: new MemoryTransport('c'), principal, kind: 'streamable-http' }, echoUpstream(), 'demo');
  await attach(alice);
  await attach(alice);
  const refused = await attach(alice).then(() => undefined, (e: unknown) => e);
  assert.instance(refused, SessionRefused);
  await attach({ ...alice, id: 'bob' });
  await attach({ ...alice, authenticated_by: 'jwt' });
  assert.is(gateway.sessionCount, 4);
  await gateway.close();
  const entry = (await readEntries(path.join(dir, 'journal'))).find((e) => e.refusal === 'too_many_sessions');
  assert.equal([entry?.principal_id, entry?.http_status], ['alice', 503]);
  assert.equal(entry?.reasons, ['too_many_sessions: too many sessions for alice (the limit per principal is 2)']);
  await rm(dir, { recursive: true, force: true });
});

test('an upstream that cannot start refuses the session', async () => {
  const { gateway, dir } = await open();
  const broken = echoUpstream();
  broken.start = async () => { throw new Error('connection refused'); };
  const client = new MemoryTransport('a');
  const refused = await gateway.attach({ transport: client, principal: alice, kind: 'stdio' }, broken, 'demo').then(() => undefined, (e: unknown) => e);
  assert.instance(refused, SessionRefused);
  assert.match((refused as Error).message, /connection refused/);
  assert.is(gateway.sessionCount, 0);
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

test('close drains in-flight requests before closing sessions, and exits 0', async () => {
  const { gateway, dir } = await open();
  const client = new MemoryTransport('a');
  const slow = new MemoryTransport('upstream');
  await gateway.attach({ transport: client, principal: alice, kind: 'streamable-http' }, slow, 'demo');
  client.onmessage?.(ping(7));
  await until(() => slow.sent.length === 1, 'the forwarded ping');
  const closing = gateway.close();
  await settle();
  const forwarded = slow.sent[0] as { id: number };
  slow.onmessage?.({ jsonrpc: '2.0', id: forwarded.id, result: {} });
  assert.equal(await closing, { code: 0, reason: 'stopped' });
  assert.equal(client.sent, [{ jsonrpc: '2.0', id: 7, result: {} }], 'answered before the session closed');
  assert.ok(client.closed && slow.closed);
  await rm(dir, { recursive: true, force: true });
});

/** A client that never reads: sends wait until close, which rejects them (the transport contract). */
class StalledClient extends MemoryTransport {
  readonly #waiting: Array<(error: Error) => void> = [];
  override send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('closed'));
    this.sent.push(message);
    return new Promise((_resolve, reject) => this.#waiting.push(reject));
  }
  override async close(): Promise<void> {
    for (const reject of this.#waiting.splice(0)) reject(new Error('closed'));
    await super.close();
  }
}

test('close with a send the client never takes ends within the shutdown grace; the journal verifies', async () => {
  const graceMs = 300;
  const { gateway, dir, publicKey } = await open(8, graceMs);
  const client = new StalledClient('a');
  const upstream = new MemoryTransport('upstream', (m) => ('method' in m && 'id' in m && m.id === 1 ? { jsonrpc: '2.0', id: m.id, result: {} } : undefined));
  await gateway.attach({ transport: client, principal: alice, kind: 'websocket' }, upstream, 'demo');
  client.onmessage?.(ping(7));
  client.onmessage?.(ping(8));
  await until(() => client.sent.length === 1, 'the answer the client does not take');
  const started = performance.now();
  assert.equal(await gateway.close(), { code: 0, reason: 'stopped' });
  const took = performance.now() - started;
  assert.ok(took < graceMs + 500, `closing took ${Math.round(took)} ms with a grace of ${graceMs} ms`);
  assert.ok(client.closed && upstream.closed);
  const journal = path.join(dir, 'journal');
  const report = await verifyJournal(journal, { publicKey });
  assert.ok(report.ok, JSON.stringify(report));
  const standIn = (await readEntries(journal)).find((e) => e.kind === 'decision' && e.request_id === 8 && e.message_kind === 'error');
  assert.ok(standIn, 'the unanswered ping has its stand-in entry');
  await rm(dir, { recursive: true, force: true });
});

/** Whether a segment of the journal holds the checkpoint its writer signs on close (journal/FORMAT.md). */
async function closingCheckpoint(journal: string): Promise<boolean> {
  for (const file of await readdir(journal)) {
    if ((await readFile(path.join(journal, file), 'utf8').catch(() => '')).includes('state closed')) return true;
  }
  return false;
}

/** An upstream that takes its time to close, as a stdio server given seconds to exit after EOF. */
class SlowClosingUpstream extends MemoryTransport {
  closing = false;
  override async close(): Promise<void> {
    this.closing = true;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await super.close();
  }
}

test('the journal is closed once the sessions have journaled all, not after their upstreams took their time to exit', async () => {
  const { gateway, dir, publicKey } = await open(8, 200);
  const client = new MemoryTransport('client');
  const upstream = new SlowClosingUpstream('upstream');
  await gateway.attach({ transport: client, principal: alice, kind: 'websocket' }, upstream, 'demo');
  client.onmessage?.(ping(3));
  await until(() => upstream.sent.length === 1, 'the forwarded ping');
  const exit = gateway.close();
  const journal = path.join(dir, 'journal');
  await until(() => upstream.closing, 'the upstream asked to close');
  await untilValue('the journal\'s closing checkpoint', async () => (await closingCheckpoint(journal) ? true : undefined), 1000);
  assert.ok((await verifyJournal(journal, { publicKey })).ok);
  assert.not.ok(upstream.closed, 'closed while the upstream was still exiting');
  assert.equal(await exit, { code: 0, reason: 'stopped' });
  assert.ok(upstream.closed, 'the exit waited for the upstream');
  await rm(dir, { recursive: true, force: true });
});

test('a journal failure (as the policy watcher reports one) stops every session and exits 1', async () => {
  const { gateway, dir } = await open();
  const clients = [new MemoryTransport('a'), new MemoryTransport('b')];
  for (const client of clients) await gateway.attach({ transport: client, principal: alice, kind: 'websocket' }, echoUpstream(), 'demo');
  const exit = await gateway.fail(new Error('disk gone'));
  assert.is(exit.code, 1);
  assert.match(exit.reason, /disk gone/);
  assert.ok(clients.every((c) => c.closed), 'every session was closed');
  const late = new MemoryTransport('c');
  const refused = await gateway.attach({ transport: late, principal: alice, kind: 'websocket' }, echoUpstream(), 'demo').then(() => undefined, (e: unknown) => e);
  assert.instance(refused, SessionRefused);
  await rm(dir, { recursive: true, force: true });
});

test('an edit saved while the gateway starts, after the policy was read, is reloaded, logged and journaled as a reload, and decides', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-gateway-'));
  const policies = path.join(dir, 'policies');
  await cp(SHIPPED_POLICIES, policies, { recursive: true });
  const data = path.join(policies, 'data.yaml');
  const info: string[] = [];
  // Said once the first load is in force, before open() resolves: the edit lands during the
  // start. Saved whole, as editors do, so no read sees half a file.
  const log: Logger = { ...quiet, info: (line) => {
    info.push(line);
    if (!line.startsWith('policy loaded')) return;
    writeFileSync(`${data}.swp`, readFileSync(data, 'utf8').replace('client_methods: []', 'client_methods: [custom/hello]'));
    renameSync(`${data}.swp`, data);
  } };
  const { privateKey } = keyPair();
  const journalDir = path.join(dir, 'journal');
  const gateway = await Gateway.open({
    policyDir: policies, journalDir, stateDir: path.join(dir, 'state'), signingKey: privateKey, hmacKey: new Uint8Array(32),
    log, limits: { maxSessions: 1, requestTimeoutMs: 0, idleTimeoutMs: 0, shutdownGraceMs: 0, maxInFlight: 1024 },
  });
  await until(() => info.some((line) => line.startsWith('policy reloaded')), 'the reload');
  const client = new MemoryTransport('a');
  await gateway.attach({ transport: client, principal: alice, kind: 'stdio' }, echoUpstream(), 'demo');
  client.onmessage?.({ jsonrpc: '2.0', id: 1, method: 'custom/hello' });
  await until(() => client.sent.length === 1, 'the answer');
  assert.equal(client.sent, [{ jsonrpc: '2.0', id: 1, result: {} }], 'the edited data allows the method');
  await gateway.close();
  // A loaded machine may deliver one save as two events, so there may be a second, unchanged, reload.
  const loads = (await readEntries(journalDir)).filter((e) => e.kind === 'policy-load');
  assert.equal(loads.slice(0, 2).map((e) => [e.ok, e.previous_digest]), [[true, null], [true, gateway.policyDigest]]);
  assert.ok(loads.every((e) => e.ok === true));
  assert.is(loads.at(-1)!.policy_digest, policyDigest(await readPolicyDir(policies)), 'the journal names the policy on disk');
  await rm(dir, { recursive: true, force: true });
});

test('a gateway on a held default journal takes the next free slot, says so and names it; past the last slot, or with one slot, it is refused with a hint', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-gateway-slots-'));
  const { privateKey } = keyPair();
  const journalDir = path.join(dir, 'journal');
  const start = async (journalSlots: number, lines: string[]): Promise<Gateway> => Gateway.open({
    policyDir: SHIPPED_POLICIES, journalDir, journalSlots, stateDir: path.join(dir, 'state'), signingKey: privateKey, hmacKey: new Uint8Array(32),
    log: { info: (m) => lines.push(m), error: (m) => lines.push(m), diagnostics: () => undefined },
    limits: { maxSessions: 1, requestTimeoutMs: 0, idleTimeoutMs: 0, shutdownGraceMs: 0, maxInFlight: 1024 },
  });
  const first = await start(2, []);
  const secondLog: string[] = [];
  const second = await start(2, secondLog);
  assert.ok(secondLog.includes(`the default journal ${journalDir} is held by another warden; journaling to ${journalDir}.2`), secondLog.join('\n'));
  assert.is(first.journalDir, journalDir);
  assert.is(second.journalDir, `${journalDir}.2`, 'the gateway names the journal it writes (for the start banner and the sandbox)');
  for (const slots of [2, 1]) {
    const log: string[] = [];
    const refused = await start(slots, log).then(() => undefined, (error: unknown) => error);
    assert.instance(refused, GatewayStartError);
    const last = slots === 1 ? journalDir : `${journalDir}.2`;
    assert.match(String((refused as Error).message), `cannot open the journal in ${last}`);
    assert.match(String((refused as Error).message), 'give this one its own --journal DIR');
  }
  await second.close();
  await first.close();
  await rm(dir, { recursive: true, force: true });
});

test.run();
