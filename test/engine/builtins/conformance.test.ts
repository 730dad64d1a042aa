import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conformanceAvailable, loadCallCases, type CallCase } from './conformance.js';
import { sdkCall } from './harness.js';
import { sortValues } from './rego-literal.js';

/** OPA conformance cases that are one literal builtin call, run against the host builtins directly. */
const DIRS = [
  'regexfind', 'regexfindallstringsubmatch', 'regexisvalid', 'regexmatch', 'regexmatchtemplate',
  'regexreplace', 'regexsplit', 'globsmatch', 'globmatch', 'globquotemeta', 'sprintf', 'replacen', 'strings',
  'base64builtins', 'base64urlbuiltins', 'hexbuiltins', 'urlbuiltins', 'jsonbuiltins', 'jsonfilter',
  'jsonfilteridempotent', 'jsonremove', 'jsonremoveidempotent', 'jsonpatch', 'objectunionn', 'time',
  'cryptohmacequal', 'cryptohmacmd5', 'cryptohmacsha1', 'cryptohmacsha256', 'cryptohmacsha512', 'cryptomd5',
  'cryptosha1', 'cryptosha256', 'netcidrcontains', 'netcidrcontainsmatches', 'netcidrexpand', 'netcidrintersects',
  'netcidrisvalid', 'netcidrmerge', 'semvercompare', 'semverisvalid', 'units', 'uuid', 'rand',
  'jwtverifyhs256', 'jwtverifyhs384', 'jwtverifyhs512', 'jwtverifyrsa', 'jwtencodesign', 'jwtencodesignraw',
  'jwtencodesignheadererrors', 'jwtencodesignpayloaderrors', 'numbersrangestep', 'jsonschema',
  'cryptox509parsersaprivatekey', 'cryptoparsersaprivatekeys', 'graphql', 'providers-aws', 'rendertemplate',
];

function check(c: CallCase): void {
  const text = sdkCall(c.call, c.args);
  if (c.comparison !== undefined) {
    const equal = text !== undefined && JSON.stringify(JSON.parse(text)) === JSON.stringify(c.comparison.literal);
    assert.is(equal, c.comparison.equal);
    return;
  }
  if (c.truthTest) {
    assert.is(text === 'true', c.want === true);
    return;
  }
  let got: unknown = text === undefined ? undefined : JSON.parse(text);
  if (c.unordered && Array.isArray(got)) got = sortValues(got);
  assert.equal(got, c.want);
}

if (conformanceAvailable()) {
  const cases = loadCallCases(DIRS);
  for (const c of cases) {
    test(`${c.note}: ${c.call}(${JSON.stringify(c.args).slice(1, -1)})`, () => check(c));
  }
}

test.run();
