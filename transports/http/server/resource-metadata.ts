/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), which the MCP authorization spec (2025-06-18
 * and later) requires of a server that takes bearer tokens: a client refused with 401 reads the
 * `resource_metadata` URL from `WWW-Authenticate`, fetches the document and learns which
 * authorization servers issue tokens for this resource. Without it an MCP client that does
 * OAuth cannot find where to log in.
 *
 * The document is public (no credentials, no secrets), so it is served before authentication,
 * to any origin, as authorization servers serve their own metadata. Host is still checked: the
 * resource URL is built from it when none is configured.
 */
import type { IncomingMessage } from 'node:http';

export interface ResourceMetadataOptions {
  /** Issuers of the tokens this resource accepts (RFC 9728 `authorization_servers`); at least one. */
  readonly authorizationServers: readonly string[];
  /**
   * The resource identifier clients use: the listener's public URL. Default: the request's scheme,
   * Host and the listener's path, which is right unless a proxy in front changes any of them.
   */
  readonly resource?: string;
  /** Scopes a client may ask for (`scopes_supported`). */
  readonly scopesSupported?: readonly string[];
}

export const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * The well-known paths of a resource served at `path` (RFC 9728 section 3.1 inserts the
 * well-known segment between host and path); the bare one too, which MCP clients fall back to.
 */
export function metadataPaths(path: string): string[] {
  return path === '/' || path === '' ? [WELL_KNOWN] : [`${WELL_KNOWN}${path}`, WELL_KNOWN];
}

/** Where a client fetches the document describing `resource` (section 3.1). */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${WELL_KNOWN}${path}`;
}

/** The resource a request reached, as its client named it. */
export function resourceFor(options: ResourceMetadataOptions, req: IncomingMessage, scheme: string, path: string): string {
  if (options.resource !== undefined) return options.resource;
  return `${scheme}//${req.headers.host ?? 'localhost'}${path}`;
}

export function metadataDocument(options: ResourceMetadataOptions, resource: string): string {
  return JSON.stringify({
    resource,
    authorization_servers: options.authorizationServers,
    bearer_methods_supported: ['header'],
    ...(options.scopesSupported ? { scopes_supported: options.scopesSupported } : {}),
  });
}

/** RFC 9728 section 5.1: the 401's challenge names the document. */
export function withResourceMetadata(challenge: string, url: string): string {
  return `${challenge}, resource_metadata="${url}"`;
}
