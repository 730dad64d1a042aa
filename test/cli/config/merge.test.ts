/**
 * resolveConfig: defaults, flags over the file, and the checks on the combination, above all
 * that a network listener never runs without authentication except on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfigDiagnostic } from '../../../cli/config/diagnostic.js';
import type { FlagSettings } from '../../../cli/config/flags.js';
import { DEFAULT_LIMITS, DEFAULT_ROUTING, resolveConfig } from '../../../cli/config/merge.js';
import type { PartialConfig } from '../../../cli/config/partial.js';
import type { WardenConfig } from '../../../cli/config/types.js';

const HOME = path.join(tmpdir(), 'warden-home-for-merge-test');
const ENV = { MCP_WARDEN_HOME: HOME };
const base: FlagSettings = { policies: '/p', command: ['/usr/bin/node', 'server.js'] };

function ok(file: PartialConfig | undefined, flags: FlagSettings): WardenConfig {
  const result = resolveConfig(file, flags, ENV);
  if (Array.isArray(result)) throw new Error(result.map((d) => d.message).join('\n'));
  return result;
}

function errors(file: PartialConfig | undefined, flags: FlagSettings): ConfigDiagnostic[] {
  const result = resolveConfig(file, flags, ENV);
  if (!Array.isArray(result)) throw new Error('expected diagnostics');
  return result;
}

function messages(file: PartialConfig | undefined, flags: FlagSettings): string[] {
  return errors(file, flags).map((d) => d.message);
}

test('defaults: stdio, no auth, home journal, name from what the command runs', () => {
  assert.equal(ok(undefined, base), {
    policies: '/p',
    regoVersion: 1,
    strictBuiltinErrors: false,
    journal: { dir: path.join(HOME, 'journal'), signingKeyFile: path.join(HOME, 'signing-key.pem'), durability: 'batched', syncWithinMs: 10, recordInputs: false, inputMaxBytes: 65536 },
    listen: [{ url: 'stdio', allowedOrigins: [], allowedHosts: [], health: false }],
    auth: { mode: 'none' },
    upstream: { name: 'server', command: ['/usr/bin/node', 'server.js'], env: {}, headers: {} },
    limits: { ...DEFAULT_LIMITS },
    toolSearch: { enabled: false, favourites: [], maxResults: 20 },
  });
  assert.equal(DEFAULT_LIMITS, { maxMessageBytes: 4 * 1024 * 1024, maxSessions: 256, maxSessionsPerPrincipal: 0, idleTimeoutSeconds: 900, requestTimeoutSeconds: 120, shutdownGraceSeconds: 10, maxInFlight: 1024 });
});

test('without an upstream or policies, say which flags to give', () => {
  assert.equal(messages(undefined, {}), [
    'no policy directory: give --policies DIR or policies: in the config file',
    'no upstream server: give --upstream URL or a command after --',
  ]);
});

test('a network listener without authentication is refused', () => {
  assert.equal(messages(undefined, { ...base, listen: ['http://127.0.0.1:0/mcp'] }), [
    'network listeners require authentication: give --api-keys, --jwks or --jwt-public-key, or --no-auth (loopback only)',
  ]);
});

test('--no-auth is allowed on loopback listeners only', () => {
  for (const url of ['http://127.0.0.1:0/mcp', 'ws://localhost:9000', 'http://[::1]:8080', 'ws://127.8.9.10:1']) {
    assert.equal(ok(undefined, { ...base, listen: ['stdio', url], noAuth: true }).auth, { mode: 'none' }, url);
  }
  for (const url of ['http://0.0.0.0:8080', 'ws://[::]:9000', 'http://192.168.1.2:80', 'http://example.com:80']) {
    const found = errors(undefined, { ...base, listen: [url], noAuth: true });
    assert.is(found.length, 1, url);
    assert.match(found[0]!.message, /allowed only on loopback addresses/);
    assert.not.ok(found[0]!.inFile, 'the flag is at fault: no place in a file');
  }
});

test('auth mode none in the file obeys the same loopback rule', () => {
  const file: PartialConfig = { listen: [{ url: 'http://0.0.0.0:8080' }], auth: { mode: 'none' } };
  const [found] = errors(file, base);
  assert.match(found!.message, /allowed only on loopback/);
  assert.is(found!.inFile, true, 'located in the file at auth.mode');
  assert.is(found!.path, '/auth/mode');
});

test('API keys and JWT from flags', () => {
  assert.equal(ok(undefined, { ...base, listen: ['http://0.0.0.0:0'], apiKeys: 'keys.json' }).auth, { mode: 'api_keys', apiKeysFile: path.resolve('keys.json') });
  assert.equal(ok(undefined, { ...base, listen: ['http://0.0.0.0:0'], jwks: 'https://idp.example.com/jwks', jwtIssuer: 'iss', jwtAudience: 'aud' }).auth, {
    mode: 'jwt',
    jwt: { jwksUrl: 'https://idp.example.com/jwks', issuer: 'iss', audience: 'aud', clockSkewSeconds: 60, principalClaim: 'sub', rolesClaim: 'roles' },
  });
});

test('auth flags that contradict each other or lack a mode', () => {
  assert.equal(messages(undefined, { ...base, noAuth: true, apiKeys: 'k' }), ['give only one of --no-auth, --api-keys and --jwks/--jwt-public-key']);
  assert.match(messages(undefined, { ...base, apiKeys: 'k', jwtIssuer: 'i' })[0]!, /--jwt-issuer and --jwt-audience need JWT/);
  assert.match(messages(undefined, { ...base, jwks: 'http://idp.example.com/jwks' })[0]!, /--jwks must be an https:\/\/ URL/);
});

test('a JWT key source from flags replaces the file key; other file settings stay', () => {
  const file: PartialConfig = { auth: { mode: 'jwt', jwt: { jwksUrl: 'https://a/jwks', issuer: 'file-iss', rolesClaim: 'groups' } } };
  assert.equal(ok(file, { ...base, jwtPublicKey: 'k.pem' }).auth.jwt, {
    publicKeyFile: path.resolve('k.pem'), issuer: 'file-iss', clockSkewSeconds: 60, principalClaim: 'sub', rolesClaim: 'groups',
  });
});

test('flags override the file', () => {
  const file: PartialConfig = {
    policies: '/file/policies',
    data: '/file/data.json',
    journal: { dir: '/file/journal', durability: 'batched', syncWithinMs: 20 },
    listen: [{ url: 'https://127.0.0.1:8443', tls: { cert: '/file/c.pem', key: '/file/k.pem' }, allowedOrigins: ['https://a.example'] }],
    auth: { apiKeysFile: '/file/keys.json' },
    upstream: { name: 'file-name', command: ['file-server'], env: { A: 'file' } },
    limits: { maxSessions: 10, idleTimeoutSeconds: 60 },
  };
  const config = ok(file, { policies: 'flag-policies', listen: ['ws://127.0.0.1:0'], upstream: 'https://mcp.example.com/x', maxSessions: 20, journal: 'j', durability: 'strict' });
  assert.is(config.policies, path.resolve('flag-policies'));
  assert.is(config.data, '/file/data.json');
  assert.equal(config.journal, { dir: path.resolve('j'), signingKeyFile: path.join(HOME, 'signing-key.pem'), durability: 'strict', syncWithinMs: 20, recordInputs: false, inputMaxBytes: 65536 });
  assert.equal(config.listen, [{ url: 'ws://127.0.0.1:0', allowedOrigins: [], allowedHosts: [], health: false }]);
  assert.equal(config.auth, { mode: 'api_keys', apiKeysFile: '/file/keys.json' });
  assert.equal(config.upstream, { name: 'mcp.example.com', url: 'https://mcp.example.com/x', env: {}, headers: {} });
  assert.equal(config.limits, { ...DEFAULT_LIMITS, maxSessions: 20, idleTimeoutSeconds: 60 });
});

test('journal inputs: off by default, file key or flag turns them on; the flag size is bounded like the file key', () => {
  assert.equal(ok({ journal: { recordInputs: true, inputMaxBytes: 2048 } }, base).journal.recordInputs, true);
  assert.is(ok({ journal: { recordInputs: true, inputMaxBytes: 2048 } }, base).journal.inputMaxBytes, 2048);
  const flagged = ok({ journal: { inputMaxBytes: 2048 } }, { ...base, journalInputs: true, journalInputMaxBytes: 4096 });
  assert.equal([flagged.journal.recordInputs, flagged.journal.inputMaxBytes], [true, 4096]);
  assert.equal(messages(undefined, { ...base, journalInputMaxBytes: 10 }), ['--journal-input-max-bytes must be a whole number from 1024 to 16777216']);
});

test('Rego version: 1 by default, 0 from the file key or --v0-compatible', () => {
  assert.is(ok(undefined, base).regoVersion, 1);
  assert.is(ok({ regoVersion: 0 }, base).regoVersion, 0);
  assert.is(ok({ regoVersion: 1 }, { ...base, v0Compatible: true }).regoVersion, 0);
});

test('builtin errors: undefined by default, strict from the file key or --strict-builtin-errors', () => {
  assert.is(ok(undefined, base).strictBuiltinErrors, false);
  assert.is(ok({ strictBuiltinErrors: true }, base).strictBuiltinErrors, true);
  assert.is(ok({}, { ...base, strictBuiltinErrors: true }).strictBuiltinErrors, true);
});

test('origin and host flags apply to every network listener', () => {
  const file: PartialConfig = { listen: [{ url: 'stdio' }, { url: 'http://127.0.0.1:1', allowedOrigins: ['https://file.example'] }], auth: { mode: 'none' } };
  const config = ok(file, { ...base, allowedOrigins: ['https://flag.example'], allowedHosts: ['h:1'] });
  assert.equal(config.listen, [
    { url: 'stdio', allowedOrigins: [], allowedHosts: [], health: false },
    { url: 'http://127.0.0.1:1', allowedOrigins: ['https://flag.example'], allowedHosts: ['h:1'], health: false },
  ]);
});

test('health endpoints: listen[].health per network listener, --health on every network listener, never on stdio', () => {
  const listen = [{ url: 'stdio' }, { url: 'http://127.0.0.1:1/mcp', health: true }, { url: 'ws://127.0.0.1:2' }];
  const health = (flags: FlagSettings): boolean[] => ok({ listen, auth: { mode: 'none' } }, flags).listen.map((l) => l.health);
  assert.equal(health(base), [false, true, false]);
  assert.equal(health({ ...base, health: true }), [false, true, true]);
});

test('max_connections is kept per network listener; absent, the listener gets the gateway default (no key)', () => {
  const listen = [{ url: 'http://127.0.0.1:1/mcp', maxConnections: 10 }, { url: 'ws://127.0.0.1:2' }];
  assert.equal(ok({ listen, auth: { mode: 'none' } }, base).listen.map((l) => l.maxConnections), [10, undefined]);
});

test('a listener path that is a health endpoint is refused while health is on', () => {
  const file: PartialConfig = { listen: [{ url: 'http://127.0.0.1:1/readyz', health: true }], auth: { mode: 'none' } };
  assert.equal(messages(file, base), ['listener http://127.0.0.1:1/readyz: its path is a health endpoint\'s (/healthz, /readyz); serve MCP on another path or leave health off']);
  assert.is(ok({ ...file, listen: [{ url: 'http://127.0.0.1:1/readyz' }] }, base).listen[0]!.health, false);
});

test('origin flags get the schema check of allowed_origins entries', () => {
  const flags = { ...base, noAuth: true, listen: ['http://127.0.0.1:1'], allowedOrigins: ['https://ok.example:8443', 'app.example', 'https://app.example/path'] };
  assert.equal(messages(undefined, flags), [
    '--allowed-origin app.example: must be an origin: scheme://host[:port], without a path',
    '--allowed-origin https://app.example/path: must be an origin: scheme://host[:port], without a path',
  ]);
});

test('TLS flags apply to https and wss listeners; TLS is required exactly there', () => {
  const flags = { ...base, noAuth: true, listen: ['https://127.0.0.1:0', 'http://127.0.0.1:0', 'wss://127.0.0.1:0'], tlsCert: 'c.pem', tlsKey: 'k.pem' };
  const tls = { cert: path.resolve('c.pem'), key: path.resolve('k.pem') };
  assert.equal(ok(undefined, flags).listen.map((l) => l.tls), [tls, undefined, tls]);
  assert.equal(messages(undefined, { ...base, noAuth: true, listen: ['wss://127.0.0.1:0'] }), [
    'listener wss://127.0.0.1:0 needs TLS: give --tls-cert and --tls-key, or tls: {cert, key} in the config file',
  ]);
  assert.match(messages(undefined, { ...flags, tlsKey: undefined }).join('\n'), /give --tls-cert and --tls-key together/);
  assert.equal(messages(undefined, { ...base, noAuth: true, listen: ['http://127.0.0.1:0'], tlsCert: 'c', tlsKey: 'k' }), ['--tls-cert and --tls-key need an https:// or wss:// listener']);
  const file: PartialConfig = { listen: [{ url: 'http://127.0.0.1:0', tls: { cert: '/c', key: '/k' } }], auth: { mode: 'none' } };
  const [ignored] = errors(file, base);
  assert.match(ignored!.message, /is not https:\/\/ or wss:\/\//);
  assert.equal([ignored!.path, ignored!.inFile], ['/listen/0', true]);
  const twice = errors({ listen: [{ url: 'stdio' }, { url: 'stdio' }] }, base);
  assert.equal(twice.map((d) => [d.path, d.message, d.inFile]), [['/listen', 'stdio can be listened on only once', true]]);
  assert.not.ok(errors(undefined, { ...base, listen: ['stdio', 'stdio'] })[0]!.inFile);
});

test('listener URLs from flags get the schema checks; stdio only once', () => {
  assert.equal(errors(undefined, { ...base, noAuth: true, listen: ['tcp://127.0.0.1:1', 'http://u:p@127.0.0.1:1'] }).map((d) => d.path), ['/listen/0', '/listen/1']);
  assert.equal(messages(undefined, { ...base, listen: ['stdio', 'stdio'] }), ['stdio can be listened on only once']);
});

test('upstream: one of --upstream and a command; env only for stdio', () => {
  assert.equal(messages(undefined, { ...base, upstream: 'http://127.0.0.1:1/mcp' }), ['give either --upstream URL or a command after --, not both']);
  assert.equal(messages(undefined, { policies: '/p', upstream: 'ftp://x' }), ['--upstream must be an http://, https://, ws:// or wss:// URL']);
  assert.match(messages(undefined, { policies: '/p', upstream: 'http://127.0.0.1:1/mcp', env: ['A=1'] })[0]!, /apply only to a stdio upstream/);
  assert.equal(ok(undefined, { policies: '/p', upstream: 'ws://[::1]:9/x' }).upstream.name, '::1');
  assert.equal(ok(undefined, { ...base, name: 'files' }).upstream.name, 'files');
});

test('an upstream may not be named * or mcp-warden, which the journal and the policy input reserve', () => {
  assert.equal(messages(undefined, { ...base, name: '*' }), ['the name * is reserved: it stands for every upstream in the journal and the policy input (--name)']);
  assert.equal(messages(undefined, { ...base, name: 'mcp-warden' }), ['the name mcp-warden is reserved: it names warden\'s own tools (input.tool.server of retrieve_tools) (--name)']);
  const reserved = errors({ upstreams: [{ name: 'mcp-warden', namespace: 'w', command: ['a'] }, { name: 'b', command: ['b'] }] }, { policies: '/p' });
  assert.equal(reserved.map((e) => [e.path, e.message]), [['/upstreams/0/name', 'the name mcp-warden is reserved: it names warden\'s own tools (input.tool.server of retrieve_tools)']]);
});

test('a reserved upstream name is blamed on whoever gave it: the file (located there), --name, or the command', () => {
  const file: PartialConfig = { upstream: { name: '*', command: ['node', 'server.js'] } };
  const star = 'the name * is reserved: it stands for every upstream in the journal and the policy input';
  assert.equal(errors(file, { policies: '/p' }).map((e) => [e.path, e.message, e.inFile]), [['/upstream/name', star, true]]);
  assert.equal(errors(file, { policies: '/p', name: '*' }).map((e) => [e.message, e.inFile]), [[`${star} (--name)`, undefined]]);
  assert.equal(ok(file, { policies: '/p', name: 'files' }).upstream.name, 'files', '--name replaces the file\'s name');
  assert.equal(ok(file, { ...base }).upstream.name, 'server', 'a command after -- replaces the file\'s upstream, name too');
  assert.equal(messages(undefined, { policies: '/p', command: ['/opt/bin/mcp-warden'] }), [
    'the name mcp-warden is reserved: it names warden\'s own tools (input.tool.server of retrieve_tools); it is the default name, from the command: give another with --name or upstream.name',
  ]);
});

test('env: file env < --env-file < --env; bad --env names only the flag', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-merge-'));
  try {
    const envFile = path.join(dir, 'flags.env');
    writeFileSync(envFile, 'B=from-env-file\nC=from-env-file\n');
    const file: PartialConfig = { upstream: { command: ['srv'], env: { A: 'file', B: 'file' } } };
    const config = ok(file, { policies: '/p', envFile, env: ['C=flag=with=equals', 'D='] });
    assert.equal(config.upstream.env, { A: 'file', B: 'from-env-file', C: 'flag=with=equals', D: '' });
    const bad = messages(undefined, { ...base, env: ['no-equals-secret-value'] });
    assert.equal(bad, ['--env needs NAME=VALUE (NAME: letters, digits and _, not starting with a digit)']);
    assert.match(messages(undefined, { ...base, envFile: path.join(dir, 'missing.env') })[0]!, /missing\.env does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('limit flags get the schema bounds', () => {
  assert.equal(messages(undefined, { ...base, maxSessions: 0, maxSessionsPerPrincipal: -1, idleTimeoutSeconds: 1.5, maxMessageBytes: 2 ** 40 }), [
    '--max-message-bytes must be a whole number from 1024 to 1073741824',
    '--max-sessions must be a whole number from 1 to 100000',
    '--max-sessions-per-principal must be a whole number from 0 to 100000',
    '--idle-timeout must be a whole number from 0 to 604800',
  ]);
  assert.equal(ok(undefined, { ...base, idleTimeoutSeconds: 0, shutdownGraceSeconds: 0 }).limits, { ...DEFAULT_LIMITS, idleTimeoutSeconds: 0, shutdownGraceSeconds: 0 });
});

test('routing: without upstreams: is refused, not ignored; with them it fills in the defaults', () => {
  assert.equal(errors({ routing: { attemptTimeoutMs: 500 } }, base), [
    { path: '/routing', message: 'routing: applies to upstreams: (several servers behind one session); a single upstream: has no routing', inFile: true },
  ]);
  const several = ok({ routing: { attemptTimeoutMs: 500 }, upstreams: [{ name: 'a', command: ['a'] }, { name: 'b', command: ['b'] }] }, { policies: '/p' });
  assert.equal(several.routing, { ...DEFAULT_ROUTING, attemptTimeoutMs: 500 });
});

test.run();
