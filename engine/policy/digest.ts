/**
 * The policy digest journaled with every decision: SHA-256 over the module sources sorted by
 * name and the canonical base data, each part length-prefixed so no two different policies
 * can produce the same byte stream. A v0 policy (`--v0-compatible`) says so in both: the same
 * text can mean another policy in v0; so does one built with strict builtin errors, which decides
 * some inputs otherwise. And the files digest, over the files as read, which tells
 * whether the disk changed since a load even where they do not parse (watcher.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../journal/canonical.js';
import type { PolicyContent, PolicyFiles } from './sources.js';

const DOMAIN = 'mcp-warden policy digest v1\n';
const FILES_DOMAIN = 'mcp-warden policy files v1\n';

export function policyDigest(sources: PolicyContent): string {
  const hash = createHash('sha256').update(DOMAIN);
  moduleParts(hash, sources.modules);
  part(hash, 'data', sources.exactData ?? canonicalJson(sources.data));
  semanticsParts(hash, sources);
  return `sha256:${hash.digest('hex')}`;
}

/** Any byte of any file counts, comments and formatting of the data file too: they are not parsed first. */
export function filesDigest(files: Pick<PolicyFiles, 'modules' | 'data' | 'regoVersion' | 'strictBuiltinErrors'>): string {
  const hash = createHash('sha256').update(FILES_DOMAIN);
  moduleParts(hash, files.modules);
  for (const { file, text } of files.data) {
    part(hash, 'data-file', file);
    part(hash, 'text', text);
  }
  semanticsParts(hash, files);
  return `sha256:${hash.digest('hex')}`;
}

/** Nothing for v1 and OPA's builtin errors, so the digests of such policies are those earlier versions journaled. */
function semanticsParts(hash: Hash, { regoVersion, strictBuiltinErrors }: Pick<PolicyContent, 'regoVersion' | 'strictBuiltinErrors'>): void {
  if (regoVersion === 0) part(hash, 'rego-version', '0');
  if (strictBuiltinErrors === true) part(hash, 'builtin-errors', 'strict');
}

function moduleParts(hash: Hash, modules: Record<string, string>): void {
  for (const name of Object.keys(modules).sort()) {
    part(hash, 'module', name);
    part(hash, 'source', modules[name]!);
  }
}

function part(hash: Hash, label: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  hash.update(`${label} ${bytes.length}\n`).update(bytes).update('\n');
}
