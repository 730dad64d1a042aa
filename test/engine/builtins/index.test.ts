import { existsSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostBuiltinName, hostBuiltins } from '../../../engine/builtins/index.js';
import { CAPABILITIES_FILE as CAPABILITIES } from './conformance.js';

test('builtins the SDK resolves itself get an alias; the rest keep their name', () => {
  assert.is(hostBuiltinName('sprintf'), 'mcp_warden.sprintf');
  assert.is(hostBuiltinName('yaml.unmarshal'), 'mcp_warden.yaml.unmarshal');
  assert.is(hostBuiltinName('regex.match'), 'regex.match');
  for (const name of ['sprintf', 'regex.split', 'json.is_valid', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal']) {
    assert.type(hostBuiltins[hostBuiltinName(name)], 'function', name);
  }
});

test('every host builtin is a real OPA builtin (or an alias of one)', () => {
  if (!existsSync(CAPABILITIES)) return;
  const caps = JSON.parse(readFileSync(CAPABILITIES, 'utf8')) as { builtins: Array<{ name: string }> };
  const known = new Set(caps.builtins.map((b) => b.name));
  for (const name of Object.keys(hostBuiltins)) {
    assert.ok(known.has(name.replace(/^mcp_warden\./, '')), name);
  }
});

test('the brief\'s priority builtins are all present', () => {
  const expected = [
    'regex.match', 'regex.is_valid', 'regex.find_n', 'regex.find_all_string_submatch_n', 'regex.replace', 'regex.split',
    'regex.template_match', 'regex.globs_match', 'glob.match', 'glob.quote_meta', 'sprintf', 'strings.replace_n',
    'strings.any_prefix_match', 'strings.any_suffix_match', 'strings.count', 'base64.encode', 'base64.decode',
    'base64.is_valid', 'base64url.encode', 'base64url.encode_no_pad', 'base64url.decode', 'hex.encode', 'hex.decode',
    'urlquery.encode', 'urlquery.decode', 'urlquery.encode_object', 'urlquery.decode_object', 'json.marshal',
    'json.marshal_with_options', 'json.unmarshal', 'json.is_valid', 'yaml.marshal', 'yaml.unmarshal', 'yaml.is_valid',
    'json.patch', 'json.filter', 'json.remove', 'object.union_n', 'time.now_ns', 'time.parse_ns', 'time.parse_rfc3339_ns',
    'time.parse_duration_ns', 'time.date', 'time.clock', 'time.weekday', 'time.add_date', 'time.diff', 'time.format',
    'crypto.sha256', 'crypto.sha1', 'crypto.md5', 'crypto.hmac.sha256', 'crypto.hmac.equal', 'net.cidr_contains',
    'net.cidr_intersects', 'net.cidr_is_valid', 'net.cidr_expand', 'net.cidr_merge', 'net.cidr_contains_matches',
    'semver.is_valid', 'semver.compare', 'units.parse', 'units.parse_bytes', 'uuid.rfc4122', 'uuid.parse', 'rand.intn',
  ];
  for (const name of expected) assert.type(hostBuiltins[name], 'function', name);
});

test.run();
