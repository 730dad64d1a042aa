/**
 * The config schema's patterns and bounds, reused to check values that come from flags, so a
 * flag and the file field it overrides accept exactly the same values.
 */
import schema from './schema.json' with { type: 'json' };

interface Rule {
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Rule;
}

const defs = schema.$defs as unknown as Record<string, { properties?: Record<string, Rule> } & Rule>;

function rule(def: string, property?: string): Rule {
  const node = property === undefined ? defs[def] : defs[def]?.properties?.[property];
  if (node === undefined) throw new Error(`schema.json has no ${def}${property === undefined ? '' : `.${property}`}`);
  return node;
}

function matcher(r: Rule): (value: string) => boolean {
  const re = new RegExp(r.pattern ?? '', 'u');
  return (value) => re.test(value);
}

export const isListenUrl = matcher(rule('listenUrl'));
export const isUpstreamUrl = matcher(rule('upstream', 'url'));
export const isUpstreamName = matcher(rule('upstream', 'name'));
export const isJwksUrl = matcher(rule('jwt', 'jwks_url'));
export const isOrigin = matcher(rule('listener', 'allowed_origins').items!);

/**
 * Why an upstream may not take `name`: `*` is how the journal and the policy input name every
 * upstream at once, and `mcp-warden` how they name warden's own tools (input.tool.server of
 * retrieve_tools), so a rule meant for either would match the upstream's messages too.
 */
export function reservedUpstreamName(name: string): string | undefined {
  if (name === '*') return 'the name * is reserved: it stands for every upstream in the journal and the policy input';
  if (name === 'mcp-warden') return 'the name mcp-warden is reserved: it names warden\'s own tools (input.tool.server of retrieve_tools)';
  return undefined;
}

export type LimitName = 'max_message_bytes' | 'max_sessions' | 'max_sessions_per_principal' | 'idle_timeout_seconds' | 'request_timeout_seconds' | 'shutdown_grace_seconds' | 'max_in_flight';

export function limitBounds(name: LimitName): { minimum: number; maximum: number } {
  return bounds(rule('limits', name));
}

export function inputMaxBytesBounds(): { minimum: number; maximum: number } {
  return bounds(rule('journal', 'input_max_bytes'));
}

function bounds(r: Rule): { minimum: number; maximum: number } {
  return { minimum: r.minimum ?? 0, maximum: r.maximum ?? Number.MAX_SAFE_INTEGER };
}
