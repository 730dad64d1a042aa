import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { NameMap, type NamespaceSpec } from '../../../engine/router/names.js';
import { targetOf } from '../../../engine/router/target.js';

interface Cases {
  namespaces: NamespaceSpec[];
  cases: Array<{ method: string; params: JsonObject; kind: string; code?: number }>;
}

const { namespaces, cases } = parse(readFileSync(new URL('./target.cases.yaml', import.meta.url), 'utf8')) as Cases;
const names = new NameMap(namespaces);

for (const c of cases) {
  test(`${c.method} ${JSON.stringify(c.params)}: ${c.kind}${c.code === undefined ? '' : ` ${c.code}`}`, () => {
    const target = targetOf({ method: c.method, params: c.params }, names);
    assert.is(target.kind, c.kind);
    if (target.kind === 'unknown') assert.is(target.code, c.code);
  });
}

test.run();
