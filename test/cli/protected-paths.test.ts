/**
 * protectedPaths: what a sandboxed server may never see (hidden) or change (read-only), for
 * configurations that name each kind of secret and trusted file.
 */
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../cli/config/merge.js';
import type { FlagSettings } from '../../cli/config/flags.js';
import { wardenHome } from '../../cli/home.js';
import { protectedPaths, type RunInputs } from '../../cli/protected-paths.js';

const JOURNAL = '/var/lib/warden/journal';
const base: FlagSettings = { policies: '/etc/warden/policies', command: ['/usr/bin/node', 'server.js'], signingKey: '/etc/warden/signing-key.pem' };

const cases: Array<{ name: string; flags?: Partial<FlagSettings>; inputs?: RunInputs; hidden: string[]; readOnly: string[] }> = [
  {
    name: 'stdio only: warden home, journal and signing key; the policies',
    hidden: [wardenHome(), JOURNAL, '/etc/warden/signing-key.pem'],
    readOnly: ['/etc/warden/policies'],
  },
  {
    name: 'network: TLS key and API keys hidden, certificate read-only',
    flags: { listen: ['https://127.0.0.1:8443/mcp'], tlsCert: '/etc/warden/tls.crt', tlsKey: '/etc/warden/tls.key', apiKeys: '/etc/warden/keys.yaml' },
    hidden: [wardenHome(), JOURNAL, '/etc/warden/signing-key.pem', '/etc/warden/tls.key', '/etc/warden/keys.yaml'],
    readOnly: ['/etc/warden/policies', '/etc/warden/tls.crt'],
  },
  {
    name: 'the config file read-only; --env-file and every env_file it names hidden',
    inputs: { configFile: '/etc/warden/warden.yaml', envFiles: ['/etc/warden/flag.env', '/etc/warden/files.env', '/etc/warden/search.env'] },
    hidden: [wardenHome(), JOURNAL, '/etc/warden/signing-key.pem', '/etc/warden/flag.env', '/etc/warden/files.env', '/etc/warden/search.env'],
    readOnly: ['/etc/warden/policies', '/etc/warden/warden.yaml'],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const config = resolveConfig(undefined, { ...base, ...c.flags });
    if (Array.isArray(config)) return assert.unreachable(config.map((d) => d.message).join('\n'));
    const paths = protectedPaths(config, JOURNAL, c.inputs);
    assert.equal(paths, { hidden: c.hidden.map((p) => path.resolve(p)), readOnly: c.readOnly.map((p) => path.resolve(p)) });
  });
}

test.run();
