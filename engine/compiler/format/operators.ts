/**
 * Calls to the builtins behind Rego's operators print in infix form, with parentheses only
 * where the precedence (loosest first: `in`, relations, `|`, `&`, `+ -`, `* / %`) needs them.
 */
import type { CallTerm, Term } from '../ast.js';

export interface Infix { op: string; precedence: number }

const INFIX: ReadonlyMap<string, Infix> = new Map([
  ['eq', { op: '=', precedence: -1 }],
  ['assign', { op: ':=', precedence: -1 }],
  ['internal.member_2', { op: 'in', precedence: 0 }],
  ['equal', { op: '==', precedence: 1 }],
  ['neq', { op: '!=', precedence: 1 }],
  ['lt', { op: '<', precedence: 1 }],
  ['lte', { op: '<=', precedence: 1 }],
  ['gt', { op: '>', precedence: 1 }],
  ['gte', { op: '>=', precedence: 1 }],
  ['or', { op: '|', precedence: 2 }],
  ['and', { op: '&', precedence: 3 }],
  ['plus', { op: '+', precedence: 4 }],
  ['minus', { op: '-', precedence: 4 }],
  ['mul', { op: '*', precedence: 5 }],
  ['div', { op: '/', precedence: 5 }],
  ['rem', { op: '%', precedence: 5 }],
]);

/** Tighter than any binary operator: plain terms. */
export const ATOM = 6;

export function callName(call: CallTerm): string {
  const fn = call.fn;
  if (fn.type === 'var') return fn.name;
  const parts = [fn.head.type === 'var' ? fn.head.name : '?'];
  for (const p of fn.path) parts.push(p.type === 'string' ? p.value : '?');
  return parts.join('.');
}

/** The infix form of a two-operand operator call; `plus(a, b, c)` (an output argument) stays a call. */
export function infixOf(call: CallTerm): Infix | undefined {
  const infix = INFIX.get(callName(call));
  return infix && call.args.length === 2 ? infix : undefined;
}

export function isKeyValueMembership(t: Term): boolean {
  return t.type === 'call' && callName(t) === 'internal.member_3' && t.args.length === 3;
}

/** How tightly a term binds when it is an operand. */
export function precedenceOf(t: Term): number {
  if (t.type !== 'call') return ATOM;
  if (isKeyValueMembership(t)) return -2;
  return infixOf(t)?.precedence ?? ATOM;
}
