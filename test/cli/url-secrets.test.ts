import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutUrlSecrets } from '../../cli/url-secrets.js';

/** Text about an upstream, and what of it may be shown: each URL cut to its origin, the sentence kept. */
const CASES: Array<[string, string]> = [
  ['cannot connect to ws://alice:hunter2@127.0.0.1:8081/mcp?token=s3cret now', 'cannot connect to ws://127.0.0.1:8081 now'],
  ['see https://mcp.example.com/t/SECRET.', 'see https://mcp.example.com.'],
  ['(http://host/path?q=1), then', '(http://host), then'],
  ['wss://h.example/a#frag', 'wss://h.example'],
  ['two: http://a/x and https://u:p@b/y', 'two: http://a and https://b'],
  ['unparseable http://[::1 rest', 'unparseable http://… rest'],
  ['spawn nosuch ENOENT', 'spawn nosuch ENOENT'],
];

for (const [text, shown] of CASES) {
  test(`withoutUrlSecrets: ${text}`, () => assert.is(withoutUrlSecrets(text), shown));
}

test.run();
