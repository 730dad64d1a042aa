import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keyPair } from '../../support/key-pair.js';
import { formatVerifierKey, parseNote, parseVerifierKey, signatureMatches, signNote, verifierFor } from '../../../engine/journal/note.js';

// The example from golang.org/x/mod/sumdb/note, so our notes interoperate with Go tooling.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_NOTE = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

test('verifies the Go signed-note example', () => {
  const key = parseVerifierKey(GO_VKEY);
  assert.ok(key);
  const note = parseNote(GO_NOTE);
  assert.ok(!('error' in note));
  assert.is(note.signatures[0]!.line, 4);
  assert.ok(signatureMatches(note.text, note.signatures[0]!, key));
  assert.not.ok(signatureMatches(note.text.replace('cryptography', 'cryptograph!'), note.signatures[0]!, key));
});

test('signs, formats and parses round trip', () => {
  const { privateKey, publicKey } = keyPair();
  const signed = signNote('origin/x\n3\nAAAA\n', 'origin/x', privateKey);
  const note = parseNote(signed);
  assert.ok(!('error' in note));
  const vkey = parseVerifierKey(formatVerifierKey('origin/x', publicKey));
  assert.ok(vkey);
  assert.ok(signatureMatches(note.text, note.signatures[0]!, vkey));
  assert.ok(signatureMatches(note.text, note.signatures[0]!, verifierFor('origin/x', privateKey)));
});

test('malformed notes name the offending line', () => {
  assert.equal(parseNote('a\nb\n'), { error: 'no blank line between text and signatures', line: 1 });
  assert.equal(parseNote('a\nb\n\nnot a signature\n'), { error: 'malformed signature line', line: 4 });
  assert.is(parseVerifierKey('name+zz+AAAA'), undefined);
});

test.run();
