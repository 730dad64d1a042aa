import { fail, isObject, obj, str } from './args.js';
import { parseTemplate, type Operand, type TemplateNode } from './go-template-parse.js';
import type { BuiltinTable } from './types.js';

/**
 * strings.render_template: Go text/template executed as OPA runs it, with
 * missingkey=error (a field the data lacks is an error, so the call is
 * undefined) and values printed as fmt.Print prints OPA's JSON values.
 */

type Scope = Array<Map<string, unknown>>;

function lookup(scope: Scope, name: string): unknown {
  for (let i = scope.length - 1; i >= 0; i--) if (scope[i].has(name)) return scope[i].get(name);
  return fail(`undefined variable ${name}`);
}

function fields(value: unknown, names: string[]): unknown {
  let v = value;
  for (const name of names) {
    if (!isObject(v)) fail(`can't evaluate field ${name}`);
    if (!(name in v)) fail(`map has no entry for key "${name}"`);
    v = v[name];
  }
  return v;
}

function evaluate(op: Operand, dot: unknown, scope: Scope): unknown {
  if (op.kind === 'literal') return op.value;
  return fields(op.kind === 'dot' ? dot : lookup(scope, op.name), op.fields);
}

/** text/template's truth: the zero value and empty collections are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== '';
}

/** fmt.Print of a JSON value: maps as map[k:v] with sorted keys, slices as [a b], nil as <no value>. */
function format(v: unknown, top = true): string {
  if (v === null || v === undefined) return top ? '<no value>' : '<nil>';
  if (Array.isArray(v)) return `[${v.map((x) => format(x, false)).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${format(v[k], false)}`).join(' ')}]`;
  return String(v);
}

function run(nodes: TemplateNode[], dot: unknown, scope: Scope, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text': out.push(node.text); break;
      case 'print': out.push(format(evaluate(node.operand, dot, scope))); break;
      case 'assign': assign(scope, node.name, evaluate(node.operand, dot, scope), node.declare); break;
      case 'if':
      case 'with': {
        const v = evaluate(node.operand, dot, scope);
        const branch = truthy(v) ? node.then : node.otherwise;
        inFrame(scope, () => run(branch, node.kind === 'with' && truthy(v) ? v : dot, scope, out));
        break;
      }
      case 'range': runRange(node, evaluate(node.operand, dot, scope), scope, out); break;
    }
  }
}

function assign(scope: Scope, name: string, value: unknown, declare: boolean): void {
  if (declare) {
    scope[scope.length - 1].set(name, value);
    return;
  }
  lookup(scope, name);
  const frame = [...scope].reverse().find((f) => f.has(name));
  frame?.set(name, value);
}

function inFrame(scope: Scope, body: () => void): void {
  scope.push(new Map());
  try {
    body();
  } finally {
    scope.pop();
  }
}

function runRange(node: Extract<TemplateNode, { kind: 'range' }>, collection: unknown, scope: Scope, out: string[]): void {
  const entries: Array<[unknown, unknown]> = Array.isArray(collection) ? collection.map((x, i) => [i, x])
    : isObject(collection) ? Object.keys(collection).sort().map((k) => [k, collection[k]])
    : collection === null ? [] : fail("range can't iterate over a non-collection");
  if (entries.length === 0) {
    inFrame(scope, () => run(node.otherwise, collection, scope, out));
    return;
  }
  for (const [key, elem] of entries) {
    inFrame(scope, () => {
      const frame = scope[scope.length - 1];
      if (node.vars.length === 1) frame.set(node.vars[0], elem);
      if (node.vars.length === 2) frame.set(node.vars[0], key).set(node.vars[1], elem);
      run(node.then, elem, scope, out);
    });
  }
}

function renderTemplate(template: unknown, vars: unknown): string {
  const data = obj(vars);
  const out: string[] = [];
  run(parseTemplate(str(template)), data, [new Map([['$', data]])], out);
  return out.join('');
}

export const templateBuiltins: BuiltinTable = {
  'strings.render_template': renderTemplate,
};
