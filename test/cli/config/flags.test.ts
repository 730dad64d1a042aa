/** parseRunFlags: every `warden run` flag into FlagSettings; the command after `--` untouched. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRunFlags } from '../../../cli/config/flags.js';

test('every flag', () => {
  const argv = [
    '--config', 'w.yaml', '--policies', 'p', '--data', 'd.json', '--journal', 'j', '--signing-key', 'k.pem',
    '--listen', 'stdio', '--listen', 'https://127.0.0.1:0', '--tls-cert', 'c', '--tls-key', 'k', '--name', 'n',
    '--api-keys', 'keys', '--jwks', 'https://i/j', '--jwt-public-key', 'pk', '--jwt-issuer', 'iss', '--jwt-audience', 'aud',
    '--env', 'A=1', '--env', 'B=2', '--env-file', 'e.env', '--allowed-origin', 'https://o', '--allowed-host', 'h',
    '--max-message-bytes', '2048', '--max-sessions', '3', '--max-sessions-per-principal', '2', '--idle-timeout', '0', '--request-timeout', '5', '--shutdown-grace', '6', '--max-in-flight', '7',
    '--journal-inputs', '--journal-input-max-bytes', '4096', '--v0-compatible',
    '--no-auth', '--', 'node', 'server.js', '--flag-for-the-server',
  ];
  assert.equal(parseRunFlags(argv), {
    ok: true,
    parsed: {
      config: 'w.yaml',
      flags: {
        policies: 'p', data: 'd.json', journal: 'j', signingKey: 'k.pem', tlsCert: 'c', tlsKey: 'k', name: 'n',
        apiKeys: 'keys', jwks: 'https://i/j', jwtPublicKey: 'pk', jwtIssuer: 'iss', jwtAudience: 'aud', envFile: 'e.env',
        listen: ['stdio', 'https://127.0.0.1:0'], env: ['A=1', 'B=2'], allowedOrigins: ['https://o'], allowedHosts: ['h'],
        maxMessageBytes: 2048, maxSessions: 3, maxSessionsPerPrincipal: 2, idleTimeoutSeconds: 0, requestTimeoutSeconds: 5, shutdownGraceSeconds: 6, maxInFlight: 7,
        journalInputs: true, journalInputMaxBytes: 4096, v0Compatible: true,
        noAuth: true, command: ['node', 'server.js', '--flag-for-the-server'],
      },
    },
  });
});

test('--upstream, and no command when there is no --', () => {
  assert.equal(parseRunFlags(['--upstream', 'http://127.0.0.1:1/mcp']), { ok: true, parsed: { config: undefined, flags: { upstream: 'http://127.0.0.1:1/mcp' } } });
});

test('bad numbers and stray arguments are diagnostics; unknown flags throw', () => {
  const result = parseRunFlags(['--max-sessions', '1e3', '--idle-timeout=-1', 'server']);
  assert.equal(result, {
    ok: false,
    errors: [
      { path: '', message: 'unexpected argument server; put the server command after --' },
      { path: '', message: '--max-sessions needs a whole number' },
      { path: '', message: '--idle-timeout needs a whole number' },
    ],
  });
  assert.throws(() => parseRunFlags(['--listne', 'stdio']));
});

test('a flag of one value given twice throws; repeatable flags and switches may repeat', () => {
  assert.throws(() => parseRunFlags(['--policies', 'a', '--policies=b', '--', 'node']), /^option --policies given more than once$/);
  const ok = parseRunFlags(['--listen', 'stdio', '--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--no-auth', '--policies', 'p', '--', 'node']);
  assert.ok(ok.ok);
});

test.run();
