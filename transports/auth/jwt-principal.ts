/**
 * The principal a verified JWT stands for: its id from one claim, its roles from another,
 * and all its claims for policies to read (the token itself is never kept).
 *
 * Roles: an array of strings, or a string split on spaces, so `rolesClaim: scope` maps OAuth
 * scopes to roles with no special case, while the default `roles` never mixes scopes in
 * silently. A claim name is looked up as written first, then as a dotted path, so both
 * namespaced names (`https://example.com/roles`) and nested ones (`realm_access.roles`) work.
 */
import type { JWTPayload } from 'jose';
import type { Principal } from '../../engine/decision/input.js';
import type { JsonObject } from '../../engine/protocol/jsonrpc.js';

export type PrincipalResult = { ok: true; principal: Principal } | { ok: false; message: string };

export function jwtPrincipal(payload: JWTPayload, principalClaim: string, rolesClaim: string): PrincipalResult {
  const id = claimAt(payload, principalClaim);
  if (typeof id !== 'string' || id === '') return { ok: false, message: `the token has no ${principalClaim} claim naming its subject` };
  const roles = rolesOf(claimAt(payload, rolesClaim));
  if (roles === undefined) return { ok: false, message: `the token ${rolesClaim} claim is neither a string nor an array of strings` };
  // The payload came out of JSON.parse, so it is JSON.
  return { ok: true, principal: { id, authenticated_by: 'jwt', claims: structuredClone(payload) as JsonObject, roles } };
}

function claimAt(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function rolesOf(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (typeof value === 'string') return unique(value.split(' '));
  if (Array.isArray(value) && value.every((r): r is string => typeof r === 'string')) return unique(value);
  return undefined;
}

function unique(roles: readonly string[]): string[] {
  return [...new Set(roles.filter((r) => r !== ''))];
}
