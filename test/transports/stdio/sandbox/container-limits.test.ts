import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerLimits } from '../../../../transports/stdio/sandbox/container-limits.js';

test('the defaults, or the configured limits, with 0 kept as "no limit"', () => {
  assert.equal(containerLimits({ engine: 'docker', root: false, cgroupV2: false }), {
    limits: { processes: 1024, memoryMiB: 4096 }, describe: 'limits 1024 processes, 4096 MiB of memory in all', notes: [],
  });
  const set = containerLimits({ engine: 'podman', root: true, cgroupV2: false, limits: { processes: 0, memoryMiB: 256 } });
  assert.equal(set.limits, { processes: 0, memoryMiB: 256 });
  assert.is(set.describe, 'limits no process limit, 256 MiB of memory in all');
  assert.equal(containerLimits({ engine: 'podman', root: false, cgroupV2: true }).limits, { processes: 1024, memoryMiB: 4096 }, 'rootless podman on cgroup v2');
});

test('rootless podman on cgroup v1: a limit the operator set refuses the start; the defaults are left out, with a note', () => {
  assert.throws(() => containerLimits({ engine: 'podman', root: false, cgroupV2: false, limits: { processes: 64 } }), /rootless podman cannot apply resource limits on a cgroup v1 host; .*memory_mib to 0/);
  assert.throws(() => containerLimits({ engine: 'podman', root: false, cgroupV2: false, limits: { processes: 0, memoryMiB: 256 } }), /rootless podman/);
  const defaults = containerLimits({ engine: 'podman', root: false, cgroupV2: false });
  assert.is(defaults.limits, undefined, 'no flags: podman would only warn and ignore them');
  assert.is(defaults.describe, 'no process or memory limit');
  assert.match(defaults.notes.join('\n'), 'the server runs without the default process and memory limits');
  assert.equal(containerLimits({ engine: 'podman', root: false, cgroupV2: false, limits: { processes: 0, memoryMiB: 0 } }).notes.length, 1);
});

test.run();
