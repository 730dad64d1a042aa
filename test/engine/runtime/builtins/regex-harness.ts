/**
 * regex.match two ways, for differential tests: re2js as the host builtin answers, and the
 * runtime's native matcher (engine/runtime/assembly/regex/), which hands patterns and subjects
 * outside its subset to a host stub answering with re2js.
 */
import { regexBuiltins } from '../../../../engine/builtins/regex.js';
import { loadRuntime, type Runtime } from '../harness.js';

/** re2js's answer as the host gives it: undefined when the pattern is invalid. */
export function expected(pattern: string, subject: string): boolean | undefined {
  try {
    return regexBuiltins['regex.match']!(pattern, subject) as boolean;
  } catch {
    return undefined;
  }
}

export type NativeMatch = (pattern: string, subject: string) => { result: boolean | undefined; host: boolean };

/** A fresh runtime's regex.match: its answer, and whether it needed the host. */
export function nativeMatcher(): NativeMatch {
  let hostCalls = 0;
  const rt: Runtime = loadRuntime((_id, p, s) => {
    hostCalls++;
    const answer = expected(JSON.parse(rt.dump(p!)) as string, JSON.parse(rt.dump(s!)) as string);
    return answer === undefined ? 0 : rt.json(String(answer));
  });
  const heap = rt.exports.opa_heap_ptr_get() as number;
  return (pattern, subject) => {
    rt.exports.opa_heap_ptr_set(heap);
    const before = hostCalls;
    const r = rt.exports.warden_regex_match(7, 0, rt.str(pattern), rt.str(subject)) as number;
    return { result: r ? rt.dumpValue(r) === 'true' : undefined, host: hostCalls > before };
  };
}
