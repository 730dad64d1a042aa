import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { lastFailure } from '../../../engine/builtins/failures.js';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { NUMBER_TAG, OBJECT_TAG, SET_TAG } from '../../../engine/builtins/wire.js';

/**
 * Calls a host builtin the way opa-wasm does: arguments pass through JSON
 * (write sets and exact numbers in the tagged encoding of engine/builtins/wire.ts),
 * and the result is the JSON the runtime would dump for what `_loadJSON`
 * loads, or undefined for address 0: sets as arrays, exact numbers as digits.
 */
export function sdkCall(name: string, args: unknown[]): string | undefined {
  const result = sdkResult(name, args);
  if (result === undefined) return undefined;
  return result instanceof ArrayBuffer ? new TextDecoder().decode(result) : runtimeJson(result);
}

const wireText = (r: unknown): string => (r instanceof ArrayBuffer ? new TextDecoder().decode(r) : JSON.stringify(r));

/** The result as the SDK receives it (tags of the encoding visible). */
function sdkResult(name: string, args: unknown[]): unknown {
  const fn = hostBuiltins[name];
  if (fn === undefined) throw new Error(`no host builtin ${name}`);
  return fn(...(JSON.parse(JSON.stringify(args)) as unknown[]));
}

/** The runtime's JSON for a tagged result (host-codec.ts decodes, json-dump.ts writes). */
function runtimeJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(runtimeJson).join(',')}]`;
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  const entries = Object.entries(v);
  const only = entries.length === 1 ? entries[0]! : undefined;
  if (only?.[0] === SET_TAG) return runtimeJson(only[1]);
  if (only?.[0] === NUMBER_TAG) return only[1] as string;
  const members = only?.[0] === OBJECT_TAG ? Object.entries(only[1] as object) : entries;
  return `{${members.map(([k, x]) => `${JSON.stringify(k)}:${runtimeJson(x)}`).join(',')}}`;
}

/**
 * A case table: `cases: [{note?, call, args, want | want_json | undefined: true | error}]`.
 * `want_json` compares the exact JSON text (for integers past 2^53); `want_wire`
 * the JSON the builtin hands the SDK, in the tagged encoding (sets stay sets);
 * `error` is `code: message` as a strict evaluation reports the failure (failures.ts).
 */
export interface Case { note?: string; call: string; args: unknown[]; want?: unknown; want_json?: string; want_wire?: string; undefined?: boolean; error?: string }

/** The cases of one table in ./cases. */
export function caseTable(file: string): Case[] {
  const path = fileURLToPath(new URL(`./cases/${file}`, import.meta.url));
  return (parse(readFileSync(path, 'utf8')) as { cases: Case[] }).cases;
}

export function runCaseTable(file: string): number {
  const cases = caseTable(file);
  cases.forEach((c, i) => {
    test(`${file} #${i} ${c.note ?? ''} ${c.call}(${JSON.stringify(c.args).slice(1, -1)})`, () => {
      const got = sdkCall(c.call, c.args);
      if (c.undefined === true) assert.is(got, undefined);
      else if (c.error !== undefined) {
        assert.is(got, undefined);
        const failure = lastFailure();
        assert.is(failure && `${failure.code}: ${failure.message}`, c.error);
      }
      else if (c.want_json !== undefined) assert.is(got, c.want_json);
      else if (c.want_wire !== undefined) assert.is(wireText(sdkResult(c.call, c.args)), c.want_wire);
      else {
        assert.ok(got !== undefined, 'result is undefined');
        assert.equal(JSON.parse(got as string), c.want);
      }
    });
  });
  return cases.length;
}
