/**
 * replayAll: a candidate's route is judged against the candidates the recorded input names, as
 * `warden run` judged it live, so rerouting among a pool's upstreams is no change and a route to
 * an upstream that could not serve the request is a denial.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { replayer } from '../../../cli/replay/decide.js';
import { ReplayCases } from '../../../cli/replay/input.js';
import type { DecisionEntry } from '../../../cli/replay/journal.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { buildPolicy } from '../../../engine/policy/index.js';

const TIME = { rfc3339: '2025-06-30T09:15:02.120Z', ns: '1751274902120000123' };
const candidate = (name: string): JsonObject => ({ name, private: name === 'b', namespace: 'pool', available: true, endpoints: 1 });

function routedEntry(seq: number, candidates: string[] | undefined): DecisionEntry {
  const input: JsonObject = {
    direction: 'client_to_server', kind: 'request', method: 'tools/call', id: seq, params: { name: 'find' }, upstream: 'a', time: TIME,
    ...(candidates ? { candidates: candidates.map(candidate) } : {}),
  };
  return {
    seq, decision_id: `d-${seq}`, session_id: 's', upstream: 'a', direction: 'client_to_server', message_kind: 'request',
    method: 'tools/call', request_id: seq, tool: null, allow: true, reasons: [], failure: null, input,
  };
}

const ROUTE_TO_B = 'package mcp\n\nimport rego.v1\n\nallow := true\n\nroute := "b"\n';

test('a route to another of the recorded candidates replays as allowed; to an upstream none of them is, as denied', async () => {
  const policy = await buildPolicy({ modules: { 'mcp.rego': ROUTE_TO_B }, data: {} });
  const cases = new ReplayCases();
  const replayed = [routedEntry(1, ['a', 'b']), routedEntry(2, ['a', 'c']), routedEntry(3, undefined)].map((e) => cases.next(e)).map(replayer(policy));
  assert.equal(replayed.map((r) => r.changes.length), [0, 1, 1]);
  assert.match(JSON.stringify(replayed[1]!.changes), /cannot serve it \(candidates: a, c\)/);
  assert.match(JSON.stringify(replayed[2]!.changes), /cannot serve it \(candidates: a\)/);
});

test.run();
