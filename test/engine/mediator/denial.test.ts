import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { POLICY_DENIED, denialError } from '../../../engine/mediator/denial.js';

test('-32003 with reasons and decision id in data', () => {
  const e = denialError('c-1', ['write_file: /etc/passwd is outside the allowed prefixes'], 'd-1');
  assert.is(POLICY_DENIED, -32003);
  assert.equal(e, {
    jsonrpc: '2.0',
    id: 'c-1',
    error: {
      code: -32003,
      message: 'Denied by mcp-warden policy: write_file: /etc/passwd is outside the allowed prefixes',
      data: { reasons: ['write_file: /etc/passwd is outside the allowed prefixes'], decision_id: 'd-1' },
    },
  });
});

test('never the SDK timeout code', () => {
  assert.is.not(denialError(1, [], 'd').error.code, -32001);
  assert.is(denialError(1, [], 'd').error.message, 'Denied by mcp-warden policy');
});

test.run();
