import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { NameMap, namespaceProblems, type NamespaceSpec } from '../../../engine/router/names.js';

interface Cases {
  namespaces: NamespaceSpec[];
  names: Array<{ upstream: string; name: string; shown: string; pool?: string[] }>;
  uris: Array<{ upstream: string; uri: string; shown: string }>;
  undecodable_names: string[];
  undecodable_uris: string[];
  problems: Array<{ specs: NamespaceSpec[]; want: string[] }>;
}

const cases = parse(readFileSync(new URL('./names.cases.yaml', import.meta.url), 'utf8')) as Cases;
const map = new NameMap(cases.namespaces);

for (const c of cases.names) {
  test(`name ${c.upstream}/${c.name} <-> ${c.shown}`, () => {
    assert.is(map.toClientName(c.upstream, c.name), c.shown);
    const decoded = map.decodeName(c.shown);
    assert.ok(decoded);
    assert.is(decoded.name, c.name);
    assert.equal([...decoded.upstreams], c.pool ?? [c.upstream]);
  });
}

for (const c of cases.uris) {
  test(`uri ${c.upstream} ${c.uri} <-> ${c.shown}`, () => {
    assert.is(map.toClientUri(c.upstream, c.uri), c.shown);
    assert.is(map.decodeUri(c.shown)?.name, c.uri);
    assert.ok(map.decodeUri(c.shown)?.upstreams.includes(c.upstream));
  });
}

test('names and URIs of no upstream do not decode', () => {
  for (const name of cases.undecodable_names) assert.is(map.decodeName(name), undefined, name);
  for (const uri of cases.undecodable_uris) assert.is(map.decodeUri(uri), undefined, uri);
});

for (const [i, c] of cases.problems.entries()) {
  test(`namespace problems #${i}`, () => {
    const found = namespaceProblems(c.specs);
    assert.is(found.length, c.want.length, `each problem once: ${found.join('; ')}`);
    for (const want of c.want) assert.ok(found.some((p) => p.includes(want)), `${want} in ${found.join('; ')}`);
    if (c.want.length > 0) assert.throws(() => new NameMap(c.specs));
  });
}

test('every name a map shows decodes back to its upstream (random round trips)', () => {
  const alphabet = 'ab_.-:/x1';
  for (let i = 0; i < 500; i++) {
    const spec = cases.namespaces[i % cases.namespaces.length]!;
    let name = '';
    for (let j = 0; j < 1 + (i % 9); j++) name += alphabet[(i * 7 + j * 13) % alphabet.length];
    const decoded = map.decodeName(map.toClientName(spec.upstream, name));
    assert.is(decoded?.name, name);
    assert.ok(decoded?.upstreams.includes(spec.upstream));
  }
});

test.run();
