/**
 * Maintenance tool: runs every conformance case and prints the failing ones as YAML
 * (note: reason) for exceptions.yaml. Run: node --import tsx test/conformance/record.ts
 */
import { loadCases } from './cases.js';
import { runCase } from './runner.js';
import { reasonFor } from './reasons.js';
import YAML from 'yaml';

const cases = loadCases() ?? [];
const failing: Record<string, string> = {};
let passed = 0;
for (const c of cases) {
  const r = await runCase(c).catch((e: unknown) => ({ ok: false as const, reason: `crash: ${String(e)}` }));
  if (r.ok) passed++;
  else failing[c.note] = reasonFor(c.note, r.reason).slice(0, 300);
}
process.stdout.write(YAML.stringify(failing, { lineWidth: 0 }));
console.error(`${passed} of ${cases.length} pass`);
