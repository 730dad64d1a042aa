/**
 * One cold start of a policy of N rules, in a process of its own (policy-size.ts runs it): what
 * warden's first load pays, with the compiler not yet JIT-compiled by any earlier compile. Prints
 * one JSON line: the modules' import time, then compile + load + first evaluation.
 * Usage: node dist/test/bench/policy-cold.js RULES
 */
const started = performance.now();
const { compilePolicy } = await import('../../engine/policy/build.js');
const { loadPolicyWasm } = await import('../../engine/policy/load-wasm.js');
const { DEFAULT_BUDGET_MS, evaluateDecision } = await import('../../engine/policy/evaluate.js');
const { largePolicy, toolCall } = await import('./policy-size.js');
const imported = performance.now();

const rules = Number(process.argv[2]);
const middle = Math.floor(rules / 2);
const modules = largePolicy(rules);
const input = toolCall(`tool_${middle}`, { x: middle });
const start = performance.now();
const compiled = await compilePolicy({ modules, data: {} });
const loaded = await loadPolicyWasm(compiled.wasm);
loaded.setData({});
const verdict = evaluateDecision(loaded, input, { entrypoint: compiled.entrypoint, budgetMs: DEFAULT_BUDGET_MS });
const end = performance.now();
if (!verdict.allowed) throw new Error(`policy of ${rules} rules denied tool_${middle}: ${verdict.reasons.join('; ')}`);
process.stdout.write(`${JSON.stringify({ importMs: imported - started, compileLoadFirstMs: end - start })}\n`);
