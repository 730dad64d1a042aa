import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { runCaseTable } from './harness.js';

/**
 * Whether the graphql package is in the require cache after `steps` run in a
 * fresh process (this one may already have loaded it for other tests). Written
 * without console.log, which colours booleans when uvu forces colour.
 */
function loadedAfter(steps: string): boolean {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const index = new URL(`../../../engine/builtins/index.${ext}`, import.meta.url).href;
  const code = `import { createRequire } from 'node:module';
    const { hostBuiltins } = await import(${JSON.stringify(index)});
    ${steps}
    const cache = createRequire(import.meta.url).cache;
    process.stdout.write(String(Object.keys(cache).some((p) => p.includes('/node_modules/graphql/'))));`;
  const run = spawnSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], { encoding: 'utf8' });
  return run.stdout.trim() === 'true';
}

test('the graphql package is loaded on first use, not at start-up', () => {
  assert.is(loadedAfter(''), false);
  assert.is(loadedAfter("hostBuiltins['graphql.schema_is_valid']('type Query { a: Int }');"), true);
});

test('a schema AST given to graphql.parse comes back unchanged by extension folding', () => {
  const schema = 'type Query { a: Int } extend type Query { b: Int }';
  const [, ast] = hostBuiltins['graphql.parse']('{ a b }', schema) as [unknown, { Definitions: Array<{ Fields: unknown[] }> }];
  assert.is(ast.Definitions[0].Fields.length, 1);
});

runCaseTable('graphql.yaml');

test.run();
