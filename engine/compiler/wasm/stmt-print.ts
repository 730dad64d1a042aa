/**
 * `print`: each argument holds the set of one operand's values; the runtime's `warden_print`
 * takes them as one array and sends a line per combination to the host's `opa_println`.
 */
import type { PrintStmt } from '../ir.js';
import type { Scope } from './scope.js';

export function print(s: Scope, stmt: PrintStmt): void {
  const operands = s.fb.addLocal();
  s.fb.i32Const(stmt.args.length);
  s.call('opa_array_with_cap');
  s.fb.localSet(operands);
  for (const arg of stmt.args) {
    s.fb.localGet(operands);
    s.operand({ type: 'local', value: arg });
    s.callForEffect('opa_array_append');
  }
  s.fb.localGet(operands);
  s.callForEffect('warden_print');
}
