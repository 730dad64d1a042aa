/**
 * Client-visible names of an aggregated session. Every upstream has a namespace (its name by
 * default): its tools and prompts are shown as `<namespace><separator><name>` (`github__create_issue`),
 * its resources as `<namespace>+<uri>` (`github+file:///README.md`; a resource template keeps its
 * `{variables}`, so a filled-in template decodes like any URI). Upstreams that share a namespace
 * form a pool of replicas: a name in it may be served by any of them (the policy's `route` picks).
 *
 * Decoding is unambiguous by construction: namespaces are checked to be prefix-free (no
 * `<ns><sep>` is a prefix of another), and a namespace never contains `+`.
 */

export interface NamespaceSpec {
  upstream: string;
  /** Letters, digits and `-`, starting with a letter (NAMESPACE_PATTERN). */
  prefix: string;
  separator: string;
}

export const NAMESPACE_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
export const SEPARATOR_PATTERN = /^[_.\-/:]{1,4}$/;
export const DEFAULT_SEPARATOR = '__';
const URI_MARK = '+';

/** A client-visible name taken apart: the pool's upstreams, in config order, and the upstream's own name. */
export interface Decoded {
  namespace: string;
  name: string;
  upstreams: readonly string[];
}

/** Why a set of namespaces cannot be decoded unambiguously; empty when it can. */
export function namespaceProblems(specs: readonly NamespaceSpec[]): string[] {
  const problems: string[] = [];
  for (const s of specs) {
    if (!NAMESPACE_PATTERN.test(s.prefix)) problems.push(`upstream ${s.upstream}: namespace must be 1 to 64 letters, digits or "-", starting with a letter`);
    if (!SEPARATOR_PATTERN.test(s.separator)) problems.push(`upstream ${s.upstream}: separator must be 1 to 4 of the characters _ . - / :`);
  }
  const keys = [...new Map(specs.map((s) => [s.prefix + s.separator, s])).values()];
  for (const a of keys) {
    for (const b of keys) {
      if (a === b) continue;
      const ka = a.prefix + a.separator;
      const kb = b.prefix + b.separator;
      if (kb.startsWith(ka)) problems.push(`upstreams ${a.upstream} and ${b.upstream}: names "${ka}..." and "${kb}..." could not be told apart; change a namespace or separator`);
    }
    // Reported once per pair: from the entry that comes later in the config.
    const sameNamespace = keys.find((b) => b.prefix === a.prefix);
    if (sameNamespace && sameNamespace !== a && sameNamespace.separator !== a.separator) {
      problems.push(`upstreams ${a.upstream} and ${sameNamespace.upstream} share the namespace ${a.prefix} with different separators`);
    }
  }
  return [...new Set(problems)];
}

export class NameMap {
  readonly #byUpstream = new Map<string, NamespaceSpec>();
  /** `<ns><sep>` -> pool, longest first (prefix-free, so at most one matches anyway). */
  readonly #toolKeys: Array<{ key: string; namespace: string; upstreams: string[] }> = [];
  readonly #pools = new Map<string, string[]>();

  constructor(specs: readonly NamespaceSpec[]) {
    const problems = namespaceProblems(specs);
    if (problems.length > 0) throw new Error(problems.join('; '));
    for (const spec of specs) {
      this.#byUpstream.set(spec.upstream, spec);
      const pool = this.#pools.get(spec.prefix) ?? [];
      pool.push(spec.upstream);
      this.#pools.set(spec.prefix, pool);
    }
    for (const [namespace, upstreams] of this.#pools) {
      this.#toolKeys.push({ key: namespace + this.#byUpstream.get(upstreams[0]!)!.separator, namespace, upstreams });
    }
    this.#toolKeys.sort((a, b) => b.key.length - a.key.length);
  }

  /** Every upstream, in config order. */
  get upstreams(): string[] {
    return [...this.#byUpstream.keys()];
  }

  /** The upstreams sharing `upstream`'s namespace, itself included, in config order. */
  poolOf(upstream: string): readonly string[] {
    return this.#pools.get(this.#spec(upstream).prefix) ?? [];
  }

  namespaceOf(upstream: string): string {
    return this.#spec(upstream).prefix;
  }

  toClientName(upstream: string, name: string): string {
    const spec = this.#spec(upstream);
    return spec.prefix + spec.separator + name;
  }

  toClientUri(upstream: string, uri: string): string {
    return this.#spec(upstream).prefix + URI_MARK + uri;
  }

  decodeName(name: string): Decoded | undefined {
    for (const { key, namespace, upstreams } of this.#toolKeys) {
      if (name.length > key.length && name.startsWith(key)) return { namespace, name: name.slice(key.length), upstreams };
    }
    return undefined;
  }

  decodeUri(uri: string): Decoded | undefined {
    const mark = uri.indexOf(URI_MARK);
    if (mark <= 0) return undefined;
    const namespace = uri.slice(0, mark);
    const upstreams = this.#pools.get(namespace);
    const rest = uri.slice(mark + 1);
    return upstreams && rest.length > 0 ? { namespace, name: rest, upstreams } : undefined;
  }

  #spec(upstream: string): NamespaceSpec {
    const spec = this.#byUpstream.get(upstream);
    if (!spec) throw new Error(`unknown upstream ${upstream}`);
    return spec;
  }
}
