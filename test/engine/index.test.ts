/**
 * The package entry: a project that depends on mcp-warden can `import("mcp-warden")` and use
 * the public API (resolved through package.json `exports`, as an installed dependency is).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../conformance/cases.js';

test('import("mcp-warden") exposes compile and hostBuiltins', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-dep-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(repoRoot(), path.join(dir, 'node_modules', 'mcp-warden'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { 'mcp-warden': '*' } }));
    const script = `
      const w = await import('mcp-warden');
      const { wasm, entrypoints } = await w.compile({ modules: { 'p.rego': 'package mcp\\nallow := true' }, entrypoints: ['mcp/allow'] });
      console.log(JSON.stringify({ compile: typeof w.compile, builtins: typeof w.hostBuiltins['regex.match'], bytes: wasm.length > 0, entrypoints }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(JSON.parse(out), { compile: 'function', builtins: 'function', bytes: true, entrypoints: { 'mcp/allow': 0 } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
