/**
 * The server warden fronts. An upstream given by flags (--upstream URL or a command after --)
 * replaces the file's whole upstream section; --name, --env-file, --env and the --sandbox
 * flags apply on top of whichever is used (the file's env < --env-file < --env).
 */
import path from 'node:path';
import { DEFAULT_SANDBOX_POLICY, type SandboxPolicy } from '../../transports/stdio/sandbox/policy.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import { readEnvFile } from './env-file.js';
import type { FlagSettings } from './flags.js';
import type { PartialUpstream } from './partial.js';
import { isUpstreamName, isUpstreamUrl, reservedUpstreamName } from './schema-rules.js';
import type { UpstreamConfig } from './types.js';
import { defaultUpstreamName } from './upstream-name.js';

const ENV_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export function mergeUpstream(file: PartialUpstream | undefined, flags: FlagSettings, errors: ConfigDiagnostic[]): UpstreamConfig | undefined {
  const base = fromFlags(flags, errors) ?? file;
  if (base === undefined || (base.url === undefined && base.command === undefined)) {
    errors.push({ path: '/upstream', message: 'no upstream server: give --upstream URL or a command after --' });
    return undefined;
  }
  const env = { ...base.env, ...flagEnv(flags, errors) };
  if (base.url !== undefined && Object.keys(env).length > 0) {
    errors.push({ path: '/upstream/env', message: 'environment variables (env, env_file, --env, --env-file) apply only to a stdio upstream (a command)' });
  }
  if (base.command !== undefined && base.headers !== undefined && Object.keys(base.headers).length > 0) {
    errors.push({ path: '/upstream/headers', message: 'headers apply only to a network upstream (a URL)' });
  }
  const name = flags.name ?? base.name ?? defaultName(base);
  const badName = nameProblem(flags, base === file ? file : undefined);
  if (!isUpstreamName(name) || name.length > 128) errors.push(badName('the upstream name must be 1 to 128 characters without control characters'));
  const reserved = reservedUpstreamName(name);
  if (reserved) errors.push(badName(reserved));
  if (base.url !== undefined && (base.sandbox !== undefined || sandboxFlagsGiven(flags))) {
    errors.push({ path: '/upstream/sandbox', message: 'the sandbox (sandbox, --sandbox, --sandbox-read, --sandbox-write, --sandbox-network, --sandbox-image) applies only to a stdio upstream (a command)' });
  }
  const upstream: UpstreamConfig = { name, env, headers: { ...base.headers } };
  if (base.url !== undefined) upstream.url = base.url;
  if (base.command !== undefined) upstream.command = base.command;
  if (base.command !== undefined && (base.sandbox !== undefined || sandboxFlagsGiven(flags))) {
    upstream.sandbox = mergeSandbox(base.sandbox, flags);
    errors.push(...imageErrors(upstream.sandbox));
  }
  return upstream;
}

/**
 * A bad name is the problem of whoever gave it: --name, the file's upstream.name (located there),
 * or neither, when the command's default name is the bad one.
 */
function nameProblem(flags: FlagSettings, file: PartialUpstream | undefined): (message: string) => ConfigDiagnostic {
  const at = '/upstream/name';
  if (flags.name !== undefined) return (message) => ({ path: at, message: `${message} (--name)` });
  if (file?.name !== undefined) return (message) => ({ path: at, message, inFile: true });
  return (message) => ({ path: at, message: `${message}; it is the default name, from the command: give another with --name or upstream.name` });
}

function fromFlags(flags: FlagSettings, errors: ConfigDiagnostic[]): PartialUpstream | undefined {
  const command = flags.command !== undefined && flags.command.length > 0 ? flags.command : undefined;
  if (command !== undefined && flags.upstream !== undefined) {
    errors.push({ path: '/upstream', message: 'give either --upstream URL or a command after --, not both' });
  }
  if (flags.upstream !== undefined) {
    if (!isUpstreamUrl(flags.upstream) || !URL.canParse(flags.upstream)) {
      errors.push({ path: '/upstream/url', message: '--upstream must be an http://, https://, ws:// or wss:// URL' });
    }
    return { url: flags.upstream };
  }
  if (command !== undefined && command[0] === '') errors.push({ path: '/upstream/command', message: 'the server command after -- is empty' });
  return command === undefined ? undefined : { command };
}

/** The file's sandbox with the flags on top: mode, network and image replace, grants add. */
function mergeSandbox(file: Partial<SandboxPolicy> | undefined, flags: FlagSettings): SandboxPolicy {
  const resolved = (paths: string[] | undefined): string[] => (paths ?? []).map((p) => path.resolve(p));
  const image = flags.sandboxImage ?? file?.image;
  return {
    mode: flags.sandbox ?? file?.mode ?? DEFAULT_SANDBOX_POLICY.mode,
    read: [...(file?.read ?? []), ...resolved(flags.sandboxRead)],
    write: [...(file?.write ?? []), ...resolved(flags.sandboxWrite)],
    network: flags.sandboxNetwork ?? file?.network ?? DEFAULT_SANDBOX_POLICY.network,
    ...(image === undefined ? {} : { image }),
    ...(file?.limits === undefined ? {} : { limits: file.limits }),
  };
}

/** An image belongs to the container modes, and docker has nothing to run without one. */
function imageErrors(sandbox: SandboxPolicy): ConfigDiagnostic[] {
  const at = '/upstream/sandbox/image';
  if (sandbox.image !== undefined && sandbox.mode !== 'podman' && sandbox.mode !== 'docker') {
    return [{ path: at, message: 'an image (image, --sandbox-image) applies only to the podman and docker sandboxes' }];
  }
  if (sandbox.mode === 'docker' && sandbox.image === undefined) return [{ path: at, message: 'the docker sandbox needs an image (image, --sandbox-image)' }];
  return [];
}

function sandboxFlagsGiven(flags: FlagSettings): boolean {
  return flags.sandbox !== undefined || flags.sandboxRead !== undefined || flags.sandboxWrite !== undefined || flags.sandboxNetwork !== undefined
    || flags.sandboxImage !== undefined;
}

/** --env-file's variables with --env's on top. Values are secrets: errors name the flag only. */
function flagEnv(flags: FlagSettings, errors: ConfigDiagnostic[]): Record<string, string> {
  let env: Record<string, string> = {};
  if (flags.envFile !== undefined) {
    const read = readEnvFile(path.resolve(flags.envFile), { path: '/upstream/env_file' });
    if (read.ok) env = read.env;
    else errors.push(...read.errors);
  }
  for (const assignment of flags.env ?? []) {
    const match = ENV_ASSIGNMENT.exec(assignment);
    if (match === null || match[2]!.includes('\0')) {
      errors.push({ path: '/upstream/env', message: '--env needs NAME=VALUE (NAME: letters, digits and _, not starting with a digit)' });
      continue;
    }
    env[match[1]!] = match[2]!;
  }
  return env;
}

/** What the command runs (upstream-name.ts), or the URL's host name: what a policy would naturally call it. */
function defaultName(upstream: PartialUpstream): string {
  if (upstream.command !== undefined) return defaultUpstreamName(upstream.command);
  if (upstream.url !== undefined && URL.canParse(upstream.url)) return new URL(upstream.url).hostname.replace(/^\[(.*)\]$/, '$1');
  return 'upstream';
}
