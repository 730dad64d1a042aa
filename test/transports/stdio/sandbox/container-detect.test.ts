import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeEngine } from '../../../../transports/stdio/sandbox/container-detect.js';
import { SANDBOX_HOME } from '../../../../transports/stdio/sandbox/mount-plan.js';

test('the engine is looked for in the system\'s directories: a podman planted in a PATH directory never runs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-warden-fake-podman-'));
  const ran = path.join(dir, 'ran');
  writeFileSync(path.join(dir, 'podman'), `#!/bin/sh\ntouch '${ran}'\nexit 0\n`);
  chmodSync(path.join(dir, 'podman'), 0o755);
  try {
    const probe = probeEngine({ engine: 'podman', root: { kind: 'image', image: 'mcp-warden-no-such-image:0' }, network: false, system: [], home: SANDBOX_HOME }, { PATH: dir });
    assert.not.ok(existsSync(ran), 'the planted podman was run');
    assert.not.ok(probe.usable, JSON.stringify(probe));
    assert.not.ok(JSON.stringify(probe).includes(dir), JSON.stringify(probe));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
