/**
 * Which RFC 9728 metadata a configuration has its HTTP listeners serve, and which connection cap
 * each network listener gets (its own `max_connections`, else the gateway's default).
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createListener, resourceMetadataFor, type ListenerSettings } from '../../cli/listeners.js';
import type { AuthConfig, JwtConfig, ListenerConfig } from '../../cli/config/types.js';
import { anonymous } from '../transports/http/server/fixtures.js';

const JWT: JwtConfig = { jwksUrl: 'https://idp.example.com/jwks.json', clockSkewSeconds: 60, principalClaim: 'sub', rolesClaim: 'roles' };

function jwt(extra: Partial<JwtConfig>): AuthConfig {
  return { mode: 'jwt', jwt: { ...JWT, ...extra } };
}

test('the issuer is the authorization server unless others are configured', () => {
  assert.equal(resourceMetadataFor(jwt({ issuer: 'https://idp.example.com/' })), { authorizationServers: ['https://idp.example.com/'], resource: undefined, scopesSupported: undefined });
  assert.equal(resourceMetadataFor(jwt({ issuer: 'https://idp.example.com/', authorizationServers: ['https://login.example.com'], resource: 'https://mcp.example.com/mcp', scopesSupported: ['mcp'] })), {
    authorizationServers: ['https://login.example.com'], resource: 'https://mcp.example.com/mcp', scopesSupported: ['mcp'],
  });
});

test('nothing is served without a server to name, or outside JWT mode', () => {
  assert.is(resourceMetadataFor(jwt({})), undefined);
  assert.is(resourceMetadataFor(jwt({ issuer: 'internal-issuer' })), undefined, 'an issuer that is no URL names no server');
  assert.is(resourceMetadataFor({ mode: 'api_keys', apiKeysFile: '/keys' }), undefined);
  assert.is(resourceMetadataFor({ mode: 'none' }), undefined);
});

/** Far longer than a connection past the cap takes to be closed. */
const PATIENCE_MS = 5000;

/** Opens a connection, sends a GET once it is open, and says whether an HTTP status line came back before a close. */
async function answered(port: number): Promise<{ socket: net.Socket; served: Promise<boolean> }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const served = new Promise<boolean>((resolve) => {
    const patience = setTimeout(() => resolve(false), PATIENCE_MS);
    socket.once('data', (chunk: Buffer) => resolve(/^HTTP\/1.1 \d{3} /.test(chunk.toString('latin1'))));
    socket.once('close', () => {
      clearTimeout(patience);
      resolve(false);
    });
  });
  socket.write(`GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  return { socket, served };
}

/** [listener config's max_connections, the gateway's default, whether a second connection is served] */
const CAPS: [number | undefined, number, boolean][] = [
  [1, 4096, false],
  [undefined, 1, false],
  [2, 1, true],
];

for (const [own, fallback, secondServed] of CAPS) {
  for (const url of ['http://127.0.0.1:0/mcp', 'ws://127.0.0.1:0/mcp']) {
    test(`${url.split(':')[0]} listener, max_connections ${String(own)}, default ${fallback}: a second connection is ${secondServed ? 'served' : 'closed'}`, async () => {
      const config: ListenerConfig = { url, allowedOrigins: [], allowedHosts: [], health: false, ...(own === undefined ? {} : { maxConnections: own }) };
      const settings: ListenerSettings = { authenticator: anonymous, maxMessageBytes: 1 << 20, health: { unready: () => undefined }, maxConnections: fallback };
      const listener = await createListener(config, settings);
      await listener.start();
      const port = Number(new URL(listener.url).port);
      const first = await answered(port);
      const second = await answered(port);
      try {
        assert.ok(await first.served, 'the first connection is served');
        assert.is(await second.served, secondServed);
      } finally {
        first.socket.destroy();
        second.socket.destroy();
        await listener.close();
      }
    });
  }
}

test.run();
