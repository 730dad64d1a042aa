/**
 * `upstreams:`: several servers behind each session. Each entry is checked as the single
 * `upstream` is (merge-upstream.ts's rules for env, headers and sandbox), plus what aggregation
 * needs: unique names, namespaces that decode unambiguously, endpoints. Flags that name an
 * upstream (--upstream, a command after --, --name, --env...) cannot say which entry they mean,
 * so they are refused with the list.
 */
import { DEFAULT_SANDBOX_POLICY } from '../../transports/stdio/sandbox/policy.js';
import { DEFAULT_SEPARATOR, NAMESPACE_PATTERN, namespaceProblems } from '../../engine/router/names.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { FlagSettings } from './flags.js';
import type { PartialUpstream } from './partial.js';
import type { UpstreamConfig } from './types.js';
import { reservedUpstreamName } from './schema-rules.js';

const UPSTREAM_FLAGS: [keyof FlagSettings, string][] = [
  ['upstream', '--upstream'], ['command', 'a command after --'], ['name', '--name'], ['env', '--env'], ['envFile', '--env-file'],
  ['sandbox', '--sandbox'], ['sandboxRead', '--sandbox-read'], ['sandboxWrite', '--sandbox-write'], ['sandboxNetwork', '--sandbox-network'], ['sandboxImage', '--sandbox-image'],
];

export function mergeUpstreams(file: PartialUpstream[], flags: FlagSettings, errors: ConfigDiagnostic[]): UpstreamConfig[] | undefined {
  for (const [key, flag] of UPSTREAM_FLAGS) {
    const value = flags[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      errors.push({ path: '/upstreams', message: `${flag} cannot be used with upstreams: in the config file; set it on the entry` });
    }
  }
  const before = errors.length;
  const seen = new Set<string>();
  const upstreams = file.map((entry, i) => one(entry, i, seen, errors));
  // An entry's own namespace error is not repeated by the check of all namespaces together.
  const problems = errors.length > before ? [] : namespaceProblems(upstreams.map((u) => ({ upstream: u.name, prefix: u.namespace!, separator: u.separator! })));
  for (const message of problems) errors.push({ path: '/upstreams', message, inFile: true });
  return errors.length > before ? undefined : upstreams;
}

function one(entry: PartialUpstream, i: number, seen: Set<string>, errors: ConfigDiagnostic[]): UpstreamConfig {
  const at = `/upstreams/${i}`;
  const name = entry.name ?? '';
  if (seen.has(name)) errors.push({ path: `${at}/name`, message: `the name ${name} is used by another entry; names must be unique`, inFile: true });
  const reserved = reservedUpstreamName(name);
  if (reserved) errors.push({ path: `${at}/name`, message: reserved, inFile: true });
  seen.add(name);
  const namespace = entry.namespace ?? name;
  if (entry.namespace === undefined && !NAMESPACE_PATTERN.test(name)) {
    errors.push({ path: `${at}/namespace`, message: 'the name cannot be a namespace (1 to 64 letters, digits or -, starting with a letter): give namespace:', inFile: true });
  }
  const [first, ...rest] = [...(entry.url !== undefined || entry.command !== undefined ? [{ url: entry.url, command: entry.command }] : []), ...(entry.endpoints ?? [])];
  const anyCommand = [first, ...rest].some((e) => e?.command !== undefined);
  const anyUrl = [first, ...rest].some((e) => e?.url !== undefined);
  if (!anyCommand && Object.keys(entry.env ?? {}).length > 0) errors.push({ path: `${at}/env`, message: 'env applies only to a stdio upstream (a command)', inFile: true });
  if (!anyUrl && Object.keys(entry.headers ?? {}).length > 0) errors.push({ path: `${at}/headers`, message: 'headers apply only to a network upstream (a URL)', inFile: true });
  const upstream: UpstreamConfig = {
    name, env: { ...entry.env }, headers: { ...entry.headers }, private: entry.private === true, namespace, separator: entry.separator ?? DEFAULT_SEPARATOR,
  };
  if (first?.url !== undefined) upstream.url = first.url;
  if (first?.command !== undefined) upstream.command = first.command;
  if (rest.length > 0) upstream.endpoints = rest.map((e) => (e.url !== undefined ? { url: e.url } : { command: e.command! }));
  if (anyCommand && entry.sandbox) upstream.sandbox = { ...DEFAULT_SANDBOX_POLICY, read: [], write: [], ...entry.sandbox };
  return upstream;
}
