/**
 * Stage: check entrypoints. As `opa build` does since OPA 0.44, an entrypoint must refer to the
 * module tree: a package (its whole document), a rule, or a path below a rule (a key of an
 * object-generating rule). One naming only base data, or nothing, is most likely a typo, and a
 * typo'd decision entrypoint would otherwise compile into a module that is always undefined.
 *
 * Entrypoints come from the command line, not from a file: the location names them by position
 * (`(entrypoints):2:1` is the second one).
 */
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { RuleTree } from './program.js';

export const ENTRYPOINTS_FILE = '(entrypoints)';

export function checkEntrypoints(tree: RuleTree, entrypoints: readonly string[]): Diagnostic[] {
  return entrypoints.flatMap((ep, i) => {
    if (refersToTree(tree, segments(ep))) return [];
    const message = `entrypoint ${JSON.stringify(ep)} does not refer to a rule or policy decision`;
    return [diagnostic(DiagnosticCode.compile, message, { file: ENTRYPOINTS_FILE, row: i + 1, col: 1 }, hint(tree, ep))];
  });
}

/** OPA splits on `/` only: `mcp.allow` is the one key "mcp.allow" under data. */
function segments(entrypoint: string): string[] {
  return entrypoint.split('/').filter((s) => s.length > 0);
}

function refersToTree(tree: RuleTree, path: string[]): boolean {
  if (path.length === 0) return false;
  let node = tree;
  for (const seg of path) {
    if (node.group) return true;
    const child = node.children.get(seg);
    if (!child) return false;
    node = child;
  }
  return true;
}

/** A dotted spelling (`mcp.allow`, `data.mcp.allow`) of a path that exists gets its slash form. */
function hint(tree: RuleTree, entrypoint: string): string[] | undefined {
  const dotted = entrypoint.replace(/^data(\.|\/)/, '').split(/[./]/).filter((s) => s.length > 0);
  const slashed = dotted.join('/');
  if (slashed === entrypoint || !refersToTree(tree, dotted)) return undefined;
  return [`hint: entrypoints are paths separated by "/" (a "." is part of a name): did you mean ${JSON.stringify(slashed)}?`];
}
