/**
 * Locations the end-to-end and CLI tests need. Tests run compiled from dist/test, so the
 * repository root is found by walking up to mcp-warden's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = findRoot();
/** The build these tests were compiled into (dist/, or a private build beside it). */
const BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WARDEN = path.join(BUILD, 'cli/warden.js');
export const WORKSPACE_SERVER = path.join(BUILD, 'examples/servers/workspace/server.js');
export const SHIPPED_POLICIES = path.join(ROOT, 'policies');
/** A warden policy written in Rego v0 (`--v0-compatible`). */
export const V0_POLICY = path.join(BUILD, 'test/e2e/fixtures/v0-policy');

function findRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcp-warden') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the mcp-warden repository root');
  }
}
