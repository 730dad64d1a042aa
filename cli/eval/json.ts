/**
 * JSON as OPA's Go encoder writes it, so output compares byte for byte: two-space indent, <, >,
 * &, U+2028 and U+2029 escaped (Go escapes them by default), numbers past 2^53 with all their
 * digits (the eval command reads them as bigint or RegoDecimal). Keys stay in the order given: OPA's
 * result structs have a field order, and policy values arrive sorted already.
 */
import { goMarshal } from '../../engine/builtins/go-json.js';

const INDENT = { prefix: '', indent: '  ' };

export function goJson(value: unknown, indent = true): string {
  return goMarshal(value, indent ? INDENT : undefined, 'given');
}
