/**
 * What `--var-values` shows of a failing expression, as `opa test` picks it: the local variables
 * it references, the nested calls it makes (`y + z`, `count(xs)`), and the rules it reads, each at
 * the column where it is written. The expression's own top-level call is not shown (its value is
 * the failure); nothing inside a comprehension is (its variables are not the body's).
 */
import type { Expr, Module, Term } from '../../engine/compiler/ast.js';
import { extentOf, type SourceText } from './extent.js';

export type ShownKind = 'var' | 'call' | 'rule';

export interface ShownTerm {
  kind: ShownKind;
  /** How the value is labelled: a variable's name, a call's text, a rule's full path. */
  title: string;
  /** The term's text as written, evaluated to get its value. */
  text: string;
  row: number;
  col: number;
}

/** Names that are not the body's variables: the package's rules, imports, `input` and `data`. */
export interface Globals {
  /** Rule name or import alias -> the full path it names (`data.pkg.allow`, `data.lib.users`). */
  paths: ReadonlyMap<string, string>;
  others: ReadonlySet<string>;
}

export function globalsOf(module: Module, packageRules: ReadonlySet<string>): Globals {
  const pkg = ['data', ...module.package.path].join('.');
  const paths = new Map([...packageRules].map((name) => [name, `${pkg}.${name}`]));
  const others = new Set(['input', 'data']);
  for (const i of module.imports) {
    const alias = i.alias ?? lastName(i.path);
    const head = i.path.type === 'ref' ? i.path.head : i.path;
    if (head.type === 'var' && head.name === 'data' && i.path.type === 'ref') paths.set(alias, refPathText('data', i.path.path));
    else others.add(alias);
  }
  return { paths, others };
}

export function shownTerms(expr: Expr, src: SourceText, globals: Globals): ShownTerm[] {
  const found = new Map<string, ShownTerm>();
  const add = (kind: ShownKind, term: Term, title?: string): void => {
    const extent = extentOf(src, term);
    if (!extent) return;
    const shown = { kind, title: title ?? extent.text, text: extent.text, row: term.loc.row, col: term.loc.col };
    if (!found.has(shown.title)) found.set(shown.title, shown);
  };
  const walk = (t: Term): void => walkTerm(t, globals, add);
  switch (expr.type) {
    case 'term':
      if (expr.term.type === 'call') expr.term.args.forEach(walk);
      else walk(expr.term);
      break;
    case 'somein':
      [expr.key, expr.value, expr.collection].forEach((t) => t && walk(t));
      break;
    case 'every':
      walk(expr.domain);
      break;
    case 'some':
      break;
  }
  for (const w of expr.with) walk(w.value);
  return [...found.values()];
}

type Add = (kind: ShownKind, term: Term, title?: string) => void;

function walkTerm(t: Term, globals: Globals, add: Add): void {
  const walk = (x: Term): void => walkTerm(x, globals, add);
  switch (t.type) {
    case 'var':
      if (isLocal(t.name, globals)) add('var', t, t.name);
      else if (globals.paths.has(t.name)) add('rule', t, globals.paths.get(t.name));
      return;
    case 'ref':
      if (t.head.type === 'var' && !isLocal(t.head.name, globals)) {
        ruleRef(t, globals, add);
      } else {
        walk(t.head);
      }
      t.path.forEach(walk);
      return;
    case 'call':
      add('call', t);
      t.args.forEach(walk);
      return;
    case 'array':
    case 'set':
      t.items.forEach(walk);
      return;
    case 'object':
      t.items.forEach(([k, v]) => {
        walk(k);
        walk(v);
      });
      return;
    default:
      return;
  }
}

/** A ground ref into a rule (of the package, imported, or through `data`): labelled by its full path. */
function ruleRef(t: Extract<Term, { type: 'ref' }>, globals: Globals, add: Add): void {
  if (t.head.type !== 'var' || !t.path.every((p) => p.type === 'string' || p.type === 'number')) return;
  const base = globals.paths.get(t.head.name);
  if (base !== undefined) add('rule', t, refPathText(base, t.path));
  else if (t.head.name === 'data') add('rule', t, refPathText('data', t.path));
}

/** OPA's text for a ground ref: `.name` where the key is a name, else `["key"]` or `[0]`. */
function refPathText(head: string, path: readonly Term[]): string {
  return head + path.map((p) => (p.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value) ? `.${p.value}` : `[${p.type === 'string' ? JSON.stringify(p.value) : p.type === 'number' ? p.value : ''}]`)).join('');
}

function isLocal(name: string, globals: Globals): boolean {
  return name !== '_' && !name.startsWith('$') && !globals.paths.has(name) && !globals.others.has(name);
}

function lastName(path: Term): string {
  if (path.type === 'var') return path.name;
  if (path.type === 'ref') {
    const last = path.path.at(-1);
    if (last?.type === 'string') return last.value;
    return path.head.type === 'var' ? path.head.name : '';
  }
  return '';
}
