/**
 * The policy digest journaled with every decision: SHA-256 over the module sources sorted by
 * name and the canonical base data, each part length-prefixed so no two different policies
 * can produce the same byte stream.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { PolicySources } from './sources.js';

// The package is CommonJS typed as an ES default export; at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

const DOMAIN = 'mcp-warden policy digest v1\n';

export function policyDigest(sources: Pick<PolicySources, 'modules' | 'data'>): string {
  const hash = createHash('sha256').update(DOMAIN);
  for (const name of Object.keys(sources.modules).sort()) {
    part(hash, 'module', name);
    part(hash, 'source', sources.modules[name]!);
  }
  part(hash, 'data', canonicalize(sources.data) ?? '{}');
  return `sha256:${hash.digest('hex')}`;
}

function part(hash: ReturnType<typeof createHash>, label: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  hash.update(`${label} ${bytes.length}\n`).update(bytes).update('\n');
}
