/** Problems are reported where the text holds them: pointers resolve to positions, parse errors carry both. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { yamlSource } from '../../../engine/config/yaml-source.js';

interface Cases {
  text: string;
  cases: Array<{ path: string; key?: boolean; at: [number, number] | null; why?: string }>;
}

const { text, cases } = parse(readFileSync(new URL('./yaml-source.cases.yaml', import.meta.url), 'utf8')) as Cases;
const source = yamlSource(text, { merge: true });

test('the fixture parses', () => {
  assert.equal(source.errors, []);
});

for (const c of cases) {
  test(`${c.path || '(root)'}${c.key ? ' (key)' : ''}${c.why ? `: ${c.why}` : ''}`, () => {
    const at = source.locate(c.path, c.key);
    assert.equal(at === undefined ? null : [at.line, at.col], c.at);
  });
}

test('a parse error names the innermost field around it and its position', () => {
  const broken = yamlSource('listen:\n  - url: stdio\n    health: true\n    url: x\n');
  assert.equal(broken.errors, [{ message: 'Map keys must be unique', path: '/listen/0/url', line: 4, col: 5 }]);
});

test('a repeated key is an error unless allowed', () => {
  assert.equal(yamlSource('a: 1\na: 2\n').errors.length, 1);
  assert.equal(yamlSource('a: 1\na: 2\n', { uniqueKeys: false }).errors, []);
});

test('an empty text has no node to point at', () => {
  assert.equal(yamlSource('').locate('/a'), undefined);
});

test.run();
