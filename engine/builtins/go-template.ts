import { fail, isObject, obj, str } from './args.js';
import { parseTemplate, type Operand, type Pipeline, type TemplateNode } from './go-template-parse.js';
import { callFunction, format, isMap, JsonNumber, truthy } from './go-template-funcs.js';
import type { BuiltinTable } from './types.js';

/**
 * strings.render_template: Go text/template executed as OPA runs it, with
 * missingkey=error (a field the data lacks is an error, so the call is
 * undefined), the variables decoded as OPA decodes them (numbers as
 * json.Number) and values printed as fmt.Print prints them.
 */

type Scope = Array<Map<string, unknown>>;

function lookup(scope: Scope, name: string): unknown {
  for (let i = scope.length - 1; i >= 0; i--) if (scope[i].has(name)) return scope[i].get(name);
  return fail(`undefined variable ${name}`);
}

function fields(value: unknown, names: string[]): unknown {
  let v = value;
  for (const name of names) {
    if (!isMap(v)) fail(`can't evaluate field ${name}`);
    if (!(name in v)) fail(`map has no entry for key "${name}"`);
    v = v[name];
  }
  return v;
}

function operand(op: Operand, dot: unknown, scope: Scope): unknown {
  switch (op.kind) {
    case 'literal': return op.value;
    case 'dot': return fields(dot, op.fields);
    case 'var': return fields(lookup(scope, op.name), op.fields);
    case 'pipe': return evaluate(op.pipeline, dot, scope);
    case 'func': return callFunction(op.name, []);
  }
}

/** Each command's value is the next one's last argument; only a function takes arguments. */
function evaluate(pipeline: Pipeline, dot: unknown, scope: Scope): unknown {
  let previous: { value: unknown } | undefined;
  for (const [head, ...rest] of pipeline) {
    const args = rest.map((op) => operand(op, dot, scope));
    if (previous) args.push(previous.value);
    if (head!.kind === 'func') previous = { value: callFunction(head!.name, args) };
    else if (args.length > 0) fail(`can't give argument to non-function ${head!.kind === 'literal' ? String(head!.value) : head!.kind}`);
    else previous = { value: operand(head!, dot, scope) };
  }
  return previous?.value;
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
    : isMap(collection) ? Object.keys(collection).sort().map((k) => [k, collection[k]])
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

/** The variables as OPA's ast.As decodes them: every number a json.Number. */
function decoded(v: unknown): unknown {
  if (typeof v === 'number') return new JsonNumber(String(v));
  if (typeof v === 'bigint') return new JsonNumber(v.toString());
  if (Array.isArray(v)) return v.map(decoded);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decoded(x)]));
  return v;
}

function renderTemplate(template: unknown, vars: unknown): string {
  const data = decoded(obj(vars));
  const out: string[] = [];
  run(parseTemplate(str(template)), data, [new Map([['$', data]])], out);
  return out.join('');
}

export const templateBuiltins: BuiltinTable = {
  'strings.render_template': renderTemplate,
};
