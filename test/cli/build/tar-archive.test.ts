/** The tar writer: ustar headers GNU tar and OPA read, contents padded to blocks, two zero blocks at the end. */
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tarGz } from '../../../cli/build/tar-archive.js';

const field = (block: Buffer, at: number, width: number): string => block.subarray(at, at + width).toString('latin1').replace(/\0.*$/s, '');

test('each file is a header block and its contents padded to 512 bytes, then two zero blocks', () => {
  const tar = gunzipSync(tarGz([{ name: '/a.json', bytes: Buffer.from('{}') }, { name: '/b', bytes: Buffer.alloc(512, 7) }]));
  assert.is(tar.byteLength, 512 * 6);
  assert.is(field(tar, 0, 100), '/a.json');
  assert.is(field(tar, 124, 12), '00000000002');
  assert.is(tar.subarray(512, 514).toString(), '{}');
  assert.ok(tar.subarray(514, 1024).every((byte) => byte === 0));
  assert.is(field(tar, 1024, 100), '/b');
  assert.ok(tar.subarray(1536, 2048).every((byte) => byte === 7));
  assert.ok(tar.subarray(2048).every((byte) => byte === 0));
});

test('a header is ustar, mode 0600, owned by 0, dated 0, and its checksum adds up', () => {
  const header = gunzipSync(tarGz([{ name: '/policy.wasm', bytes: new Uint8Array(3) }])).subarray(0, 512);
  assert.equal([field(header, 100, 8), field(header, 108, 8), field(header, 116, 8), field(header, 136, 12)], ['0000600', '0000000', '0000000', '00000000000']);
  assert.equal([header.subarray(257, 263).toString('latin1'), header.subarray(263, 265).toString('latin1'), String.fromCharCode(header[156]!)], ['ustar\0', '00', '0']);
  const stored = Number.parseInt(field(header, 148, 8), 8);
  const blanked = Buffer.from(header);
  blanked.fill(0x20, 148, 156);
  assert.is(stored, blanked.reduce((sum, byte) => sum + byte, 0));
});

test('a name the ustar name field cannot hold is refused, not cut', () => {
  assert.throws(() => tarGz([{ name: `/${'x'.repeat(100)}`, bytes: new Uint8Array() }]), /over 100 bytes/);
});

test.run();
