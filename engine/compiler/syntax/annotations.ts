/**
 * METADATA annotations: a comment block starting with `# METADATA` at column 1, its following
 * `#` lines (also at column 1, no gap) being YAML. Like OPA, a block annotates the first statement
 * below it, blank lines allowed in between; its scope must suit that statement.
 */
import { parseDocument } from 'yaml';
import { GO_YAML_PARSE } from '../../protocol/go-yaml.js';
import type { Location, Module, Package, Rule } from '../ast.js';
import { ParseFailure } from './cursor.js';
import { annotationFields } from './annotation-fields.js';
import type { Comment } from './tokens.js';

interface Block { text: string; loc: Location }

type Target = { kind: 'package'; node: Package } | { kind: 'rule'; nodes: Rule[] } | { kind: 'import' };
interface Statement { row: number; target: Target }

const RULE_SCOPES: readonly string[] = ['rule', 'document'];
const PACKAGE_SCOPES: readonly string[] = ['package', 'subpackages'];

/** Sets `annotations` on the module's package and rules; returns the blocks' errors. */
export function attachAnnotations(module: Module, comments: readonly Comment[]): ParseFailure[] {
  const failures: ParseFailure[] = [];
  const statements = statementsOf(module);
  const annotated = new Set<Package | Rule>();
  for (const block of metadataBlocks(module.file, comments)) {
    const target = statements.find((s) => s.row > block.loc.row)?.target;
    const failure = annotate(block, target, annotated);
    if (failure) failures.push(failure);
  }
  return failures;
}

function metadataBlocks(file: string, comments: readonly Comment[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < comments.length; i++) {
    const head = comments[i]!;
    if (head.col !== 1 || head.text.trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let row = head.row;
    while (comments[i + 1]?.col === 1 && comments[i + 1]!.row === row + 1) {
      lines.push(comments[++i]!.text);
      row++;
    }
    blocks.push({ text: lines.join('\n'), loc: { file, row: head.row, col: head.col } });
  }
  return blocks;
}

/** Statements in source order; a v0 head with several bodies is one statement of several rules. */
function statementsOf(module: Module): Statement[] {
  const rules = new Map<Location, Rule[]>();
  for (const r of module.rules) rules.set(r.loc, [...(rules.get(r.loc) ?? []), r]);
  const statements: Statement[] = [
    { row: module.package.loc.row, target: { kind: 'package', node: module.package } },
    ...module.imports.map((i): Statement => ({ row: i.loc.row, target: { kind: 'import' } })),
    ...[...rules].map(([loc, nodes]): Statement => ({ row: loc.row, target: { kind: 'rule', nodes } })),
  ];
  return statements.sort((a, b) => a.row - b.row);
}

function annotate(block: Block, target: Target | undefined, annotated: Set<Package | Rule>): ParseFailure | undefined {
  // OPA reads the block with sigs.k8s.io/yaml, YAML 1.1: `enabled: yes` in custom is true.
  const doc = parseDocument(block.text, GO_YAML_PARSE);
  if (doc.errors.length > 0) return new ParseFailure(`invalid METADATA YAML: ${doc.errors[0]!.message.split('\n')[0]}`, block.loc);
  const result = annotationFields(doc.toJS());
  if ('error' in result) return new ParseFailure(result.error, block.loc);
  const scope = (result.fields.scope as string | undefined) ?? defaultScope(target, result.fields.entrypoint === true);
  const mismatch = scopeMismatch(scope, target);
  if (mismatch) return new ParseFailure(mismatch, block.loc);
  const nodes = target?.kind === 'package' ? [target.node] : target?.kind === 'rule' ? target.nodes : [];
  // One annotation object per node is what the AST holds; OPA would keep both blocks.
  if (nodes.some((n) => annotated.has(n))) return new ParseFailure('only one METADATA block per rule or package is supported', block.loc);
  for (const n of nodes) {
    annotated.add(n);
    n.annotations = { ...result.fields, scope };
  }
  return undefined;
}

function defaultScope(target: Target | undefined, entrypoint: boolean): string {
  if (target?.kind === 'rule') return entrypoint ? 'document' : 'rule';
  // Not a scope at all for an import: the mismatch message then names what was annotated.
  return target?.kind ?? '';
}

function scopeMismatch(scope: string, target: Target | undefined): string | undefined {
  const have = target === undefined ? '' : ` (have ${target.kind})`;
  if (RULE_SCOPES.includes(scope)) return target?.kind === 'rule' ? undefined : `annotation scope '${scope}' must be applied to rule${have}`;
  if (PACKAGE_SCOPES.includes(scope)) return target?.kind === 'package' ? undefined : `annotation scope '${scope}' must be applied to package${have}`;
  return `invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`;
}
