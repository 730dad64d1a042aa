/**
 * Which `Host` headers the listener answers. Checking Host defeats DNS rebinding: a web page
 * whose domain was re-pointed at 127.0.0.1 still sends its own domain as Host.
 *
 * Entries are `host:port` (IPv6 in brackets); an entry or header without a port means the
 * scheme's default port. Comparison is case-insensitive.
 */
export class HostAllowlist {
  private readonly allowed: ReadonlySet<string>;

  constructor(hosts: readonly string[], private readonly defaultPort: number) {
    this.allowed = new Set(hosts.map((host) => this.normalize(host)));
  }

  allows(header: string | undefined): boolean {
    return header !== undefined && this.allowed.has(this.normalize(header));
  }

  private normalize(host: string): string {
    const lower = host.trim().toLowerCase();
    // A port follows the last colon, unless that colon is inside an IPv6 literal's brackets.
    const hasPort = /:\d+$/.test(lower) && (!lower.startsWith('[') || lower.includes(']:'));
    return hasPort ? lower : `${lower}:${this.defaultPort}`;
  }
}

