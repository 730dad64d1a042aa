/**
 * Builtin declarations from OPA's capabilities (types and arity), used to check calls and to
 * tell back ends which builtins return sets.
 */
import decls from './builtin-decls.json' with { type: 'json' };

export interface BuiltinDeclaration {
  args?: unknown[];
  result?: { type: string };
  type?: string;
  variadic?: unknown;
  infix?: string;
  relation?: boolean;
}

const DECLS = decls as Record<string, BuiltinDeclaration>;

export function isBuiltin(name: string): boolean {
  return Object.hasOwn(DECLS, name);
}

export function builtinDecl(name: string): BuiltinDeclaration | undefined {
  return Object.hasOwn(DECLS, name) ? DECLS[name] : undefined;
}

export function builtinArity(name: string): number {
  return DECLS[name]?.args?.length ?? 0;
}
