/**
 * The CI example's checks pass on the shipped policies: every `warden ...` line of
 * examples/ci/.github/workflows/policy.yml runs through the built CLI, with the workflow's env
 * and policies/ as the policy directory, and must exit 0: formatted, strict-clean, every test
 * passing with line coverage at the workflow's threshold.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { ROOT, SHIPPED_POLICIES, WARDEN } from '../../e2e/support/repo.js';

interface Workflow {
  env: Record<string, string | number>;
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
}

const workflow = parseYaml(readFileSync(path.join(ROOT, 'examples/ci/.github/workflows/policy.yml'), 'utf8')) as Workflow;
const env: Record<string, string> = { ...Object.fromEntries(Object.entries(workflow.env).map(([k, v]) => [k, String(v)])), POLICY_DIR: SHIPPED_POLICIES };

/** The workflow's warden command lines, as argv with "$VAR" expanded from the workflow's env. */
function wardenCommands(): string[][] {
  const lines = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ?? '').split('\n')));
  return lines.map((line) => line.trim()).filter((line) => line.startsWith('warden ')).map((line) =>
    line.split(/\s+/).slice(1).map((word) => word.replace(/^"?\$(\w+)"?$/, (_m, name: string) => {
      const value = env[name];
      if (value === undefined) throw new Error(`the workflow uses $${name} but does not set it`);
      return value;
    })));
}

const commands = wardenCommands();

test('the workflow runs fmt, check and test with coverage', () => {
  assert.equal(commands.map((argv) => argv[0]), ['--version', 'fmt', 'check', 'test']);
  assert.ok(commands.some((argv) => argv[0] === 'fmt' && argv.includes('--fail')));
  assert.ok(commands.some((argv) => argv[0] === 'check' && argv.includes('--strict')));
  assert.ok(commands.some((argv) => argv[0] === 'test' && argv.includes('--coverage') && argv.includes('--threshold')));
});

for (const argv of commands) {
  test(`warden ${argv.join(' ')}`, () => {
    const result = spawnSync(process.execPath, [WARDEN, ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.is(result.status, 0, `${result.stdout}${result.stderr}`);
  });
}

test.run();
