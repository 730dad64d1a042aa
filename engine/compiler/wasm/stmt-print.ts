/**
 * `print`: the values as text (undefined ones as `<undefined>`, as OPA prints them) joined by
 * spaces and handed to the host's `opa_println`, which wants NUL-terminated bytes. Only the
 * runtime knows a string value's layout, so it provides that last step as `warden_cstr`.
 */
import type { PrintStmt } from '../ir.js';
import { Op } from './opcodes.js';
import type { Scope } from './scope.js';

export function print(s: Scope, stmt: PrintStmt): void {
  const line = s.fb.addLocal();
  const part = s.fb.addLocal();
  if (stmt.args.length === 0) {
    s.stringValue('');
    s.fb.localSet(line);
  }
  stmt.args.forEach((arg, i) => {
    printable(s, s.local(arg), part);
    if (i === 0) {
      s.fb.localGet(part).localSet(line);
      return;
    }
    s.fb.localGet(line);
    s.stringValue(' ');
    s.call('warden_string_concat');
    s.fb.localGet(part);
    s.call('warden_string_concat');
    s.fb.localSet(line);
  });
  s.fb.localGet(line);
  s.call('warden_cstr');
  s.callForEffect('opa_println');
}

/** Sets `part` to the text of the value in `local`. */
function printable(s: Scope, local: number, part: number): void {
  s.fb.localGet(local).localSet(part);
  s.fb.localGet(part).op(Op.i32Eqz);
  const undefinedArg = s.fb.if();
  s.stringValue('<undefined>');
  s.fb.localSet(part);
  s.fb.end(undefinedArg);
  s.fb.localGet(part);
  s.call('warden_to_string');
  s.fb.localSet(part);
}
