/**
 * Stage: plan. Turns the compiled program into the IR policy: one plan per entrypoint (or one
 * for the ad-hoc query), and the funcs they reach, planned on demand.
 */
import type { Body, Term, VarTerm } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Plan, Policy } from '../ir.js';
import type { Program } from '../compile/program.js';
import { bodyVars } from '../compile/vars.js';
import { builtinDecl } from '../check/builtins.js';
import { Ctx, Env, local } from './context.js';
import { planBody } from './exprs.js';
import { planTerm } from './terms.js';
import { coverageSites, probeIndex, type CoverageSites } from './coverage.js';

export interface PlanOptions {
  /** Rule paths like "mcp/allow"; each plan gives [{"result": value}]. */
  entrypoints: string[];
  /** Mark coverage probes (Nops at the sites' locations) and return the sites. */
  coverage?: boolean;
}

export interface PlanResult { policy: Policy; errors: Diagnostic[]; coverage?: CoverageSites }

export function plan(program: Program, options: PlanOptions): PlanResult {
  const ctx = new Ctx(program);
  const coverage = options.coverage ? coverageSites(program) : undefined;
  if (coverage) ctx.probes = probeIndex(coverage);
  const plans: Plan[] = [];
  if (program.query) plans.push(planQuery(ctx, program.query, options.entrypoints[0] ?? 'eval'));
  else for (const ep of options.entrypoints) plans.push(planEntrypoint(ctx, ep));
  const policy: Policy = {
    static: {
      strings: ctx.strings.values.map((value) => ({ value })),
      builtin_funcs: [...ctx.builtinsUsed].sort().map((name) => ({ name, decl: builtinDecl(name) ?? {} })),
      files: program.files.map((value) => ({ value })),
    },
    plans: { plans },
    funcs: { funcs: ctx.funcs },
  };
  return coverage ? { policy, errors: ctx.errors, coverage } : { policy, errors: ctx.errors };
}

function planEntrypoint(ctx: Ctx, entrypoint: string): Plan {
  const loc = { file: '', row: 1, col: 1 };
  const path = entrypoint.split('/').filter((s) => s.length > 0);
  const ref: Term = { type: 'ref', head: { type: 'var', name: 'data', loc }, path: path.map((value) => ({ type: 'string', value, loc })), loc };
  return ctx.inFunc(() => {
    const block = ctx.block(() => planTerm(ctx, ref, Env.root(), (value) => {
      const row = ctx.local();
      ctx.emit({ type: 'MakeObject', target: row, loc: ctx.loc(loc) });
      ctx.emit({ type: 'ObjectInsert', key: { type: 'string_index', value: ctx.strings.intern('result') }, value, object: row, loc: ctx.loc(loc) });
      ctx.emit({ type: 'ResultSetAdd', value: row, loc: ctx.loc(loc) });
    }));
    return { name: entrypoint, blocks: [block] };
  });
}

/** A query's rows bind each of its named variables, as OPA's wasm target does. */
function planQuery(ctx: Ctx, body: Body, name: string): Plan {
  const used = new Map<string, VarTerm>();
  bodyVars(body, used, new Set());
  const names = [...used.keys()].filter((n) => !n.startsWith('$') && n !== 'input' && n !== 'data');
  return ctx.inFunc(() => {
    const env = Env.root();
    const block = ctx.block(() => planBody(ctx, body, env, () => {
      const loc = ctx.loc(body[0]?.loc ?? { file: '', row: 1, col: 1 });
      const row = ctx.local();
      ctx.emit({ type: 'MakeObject', target: row, loc });
      for (const n of names) {
        const l = env.vars.get(n);
        if (l === undefined) continue;
        ctx.emit({ type: 'ObjectInsert', key: { type: 'string_index', value: ctx.strings.intern(n) }, value: local(l), object: row, loc });
      }
      ctx.emit({ type: 'ResultSetAdd', value: row, loc });
    }));
    return { name, blocks: [block] };
  });
}
