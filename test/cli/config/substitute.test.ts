/** ${env:NAME} substitution: values in, names (never values) in errors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { substituteEnv } from '../../../cli/config/substitute.js';

const env = { TOKEN: 'secret', EMPTY: '' };

test('references are replaced, text around them kept', () => {
  assert.equal(substituteEnv('Bearer ${env:TOKEN}', env), { ok: true, value: 'Bearer secret' });
  assert.equal(substituteEnv('${env:TOKEN}:${env:TOKEN}${env:EMPTY}', env), { ok: true, value: 'secret:secret' });
  assert.equal(substituteEnv('plain $TOKEN ${TOKEN}', env), { ok: true, value: 'plain $TOKEN ${TOKEN}' });
});

test('an unset variable is named; the template is not echoed', () => {
  assert.equal(substituteEnv('secret-prefix ${env:MISSING}', env), { ok: false, message: 'refers to environment variable MISSING, which is not set' });
  const bad = substituteEnv('${env:1x}', env);
  assert.ok(!bad.ok && !bad.message.includes('1x'));
});

test('a reference without its closing brace is an error, not text passed on as the value', () => {
  assert.equal(substituteEnv('Bearer ${env:TOKEN', env), { ok: false, message: 'has a ${env:NAME} reference without its closing }' });
  assert.equal(substituteEnv('${env:TOKEN}/${env:TOKEN', env), { ok: false, message: 'has a ${env:NAME} reference without its closing }' });
  assert.equal(substituteEnv('${env:TOKEN}${env:TOKEN}', env), { ok: true, value: 'secretsecret' });
});

test.run();
