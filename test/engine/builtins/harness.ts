import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { hostBuiltins } from '../../../engine/builtins/index.js';

/**
 * Calls a host builtin the way opa-wasm does: arguments pass through JSON,
 * and the result is what `_loadJSON` would write into wasm memory (JSON
 * text, or undefined for address 0).
 */
export function sdkCall(name: string, args: unknown[]): string | undefined {
  const fn = hostBuiltins[name];
  if (fn === undefined) throw new Error(`no host builtin ${name}`);
  const result = fn(...(JSON.parse(JSON.stringify(args)) as unknown[]));
  if (result === undefined) return undefined;
  return result instanceof ArrayBuffer ? new TextDecoder().decode(result) : JSON.stringify(result);
}

/**
 * A case table: `cases: [{note?, call, args, want | want_json | undefined: true}]`.
 * `want_json` compares the exact JSON text (for integers past 2^53).
 */
interface Case { note?: string; call: string; args: unknown[]; want?: unknown; want_json?: string; undefined?: boolean }

export function runCaseTable(file: string): number {
  const path = fileURLToPath(new URL(`./cases/${file}`, import.meta.url));
  const cases = (parse(readFileSync(path, 'utf8')) as { cases: Case[] }).cases;
  cases.forEach((c, i) => {
    test(`${file} #${i} ${c.note ?? ''} ${c.call}(${JSON.stringify(c.args).slice(1, -1)})`, () => {
      const got = sdkCall(c.call, c.args);
      if (c.undefined === true) assert.is(got, undefined);
      else if (c.want_json !== undefined) assert.is(got, c.want_json);
      else {
        assert.ok(got !== undefined, 'result is undefined');
        assert.equal(JSON.parse(got as string), c.want);
      }
    });
  });
  return cases.length;
}
