import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OriginAllowlist } from '../../transports/origin-allowlist.js';

/** [configured entry, Origin header a browser sends, allowed] */
const CASES: Array<[string, string, boolean]> = [
  ['https://app.example', 'https://app.example', true],
  ['https://App.Example', 'https://app.example', true],
  ['https://app.example:443', 'https://app.example', true],
  ['https://app.example/', 'https://app.example', true],
  ['http://app.example:80', 'http://app.example', true],
  ['http://app.example:8080', 'http://APP.example:8080', true],
  ['http://[::1]:3000', 'http://[::1]:3000', true],
  ['https://app.example', 'http://app.example', false],
  ['https://app.example', 'https://app.example:8443', false],
  ['http://app.example:8080', 'http://app.example', false],
  ['https://app.example', 'https://evil.example', false],
  ['https://app.example', 'null', false],
];

test('entries match the Origin a browser sends for them, whatever their case, default port or trailing slash', () => {
  for (const [entry, header, allowed] of CASES) {
    assert.is(new OriginAllowlist([entry]).allows(header), allowed, `${entry} vs Origin: ${header}`);
  }
});

test('a malformed entry is refused when the list is built', () => {
  assert.throws(() => new OriginAllowlist(['app.example']), /Invalid URL/);
});

test.run();
