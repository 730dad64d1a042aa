/**
 * Which browser origins may call a network listener (Streamable HTTP, WebSocket): the
 * cross-site defence both share. Entries are parsed when the listener is built, so a malformed
 * one is a configuration error before anything is bound, and kept as browsers serialise
 * `Origin`: scheme://host[:port], lower case, the scheme's default port left out. An entry
 * written `https://App.example:443/` therefore matches what a browser on that page sends.
 */
export function normalizeOrigin(origin: string): string {
  return new URL(origin).origin.toLowerCase();
}

export class OriginAllowlist {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map(normalizeOrigin));
  }

  /** An `Origin` header as sent; compared case-insensitively, never parsed (a browser sends it serialised). */
  allows(origin: string): boolean {
    return this.allowed.has(origin.toLowerCase());
  }
}
