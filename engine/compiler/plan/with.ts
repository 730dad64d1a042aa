/**
 * The targets `with` may replace: input and base documents under data, by a path of keys.
 * Replacing rules (virtual documents) or functions is reported, not silently ignored.
 */
import type { With } from '../ast.js';
import { DiagnosticCode, diagnostic } from '../diagnostics.js';
import type { RuleTree } from '../compile/program.js';
import type { Ctx } from './context.js';

export interface WithTarget { root: 'input' | 'data'; path: string[] }

export function withTarget(ctx: Ctx, w: With): WithTarget | undefined {
  const t = w.target;
  const head = t.type === 'ref' ? t.head : t;
  const pathTerms = t.type === 'ref' ? t.path : [];
  const root = head.type === 'var' ? head.name : '';
  const path: string[] = [];
  for (const p of pathTerms) {
    if (p.type !== 'string') return unsupported(ctx, w, 'with targets must be input or data followed by string keys');
    path.push(p.value);
  }
  if (root === 'input') return { root, path };
  if (root !== 'data') return unsupported(ctx, w, 'replacing functions or builtins with "with"');
  if (touchesRules(ctx.program.tree, path)) return unsupported(ctx, w, 'replacing rules (virtual documents) with "with"');
  return { root, path };
}

function touchesRules(tree: RuleTree, path: string[]): boolean {
  let node: RuleTree | undefined = tree;
  for (const seg of path) {
    if (node.group) return true;
    node = node.children.get(seg);
    if (!node) return false;
  }
  return true;
}

function unsupported(ctx: Ctx, w: With, what: string): undefined {
  ctx.errors.push(diagnostic(DiagnosticCode.compile, `${what} is not supported by the wasm target yet`, w.loc));
  return undefined;
}
