/**
 * mcp-warden's Rego AST (engine/compiler/ast.ts) in the JSON shape OPA marshals its own AST to,
 * which is what `rego.parse_module` returns: every term is `{"type", "value"}`, refs and calls
 * are term lists, an expression's `terms` is one term or an operator and its operands, and
 * locations are left out (OPA's default). Differences from our AST that OPA's parser makes:
 * `_` is a numbered wildcard (`$0`, `$1`...), a rule without a body has the body `true`, a rule
 * without a value has the value `true`, and the package path starts at `data`.
 * Comments are not kept by our parser, so the module has no `comments`.
 */
import type { Body, Expr, Import, Module, Rule, RuleHead, Term, With } from '../compiler/ast.js';

/** JSON text of a number as written in the source. */
class JsonNumber {
  constructor(readonly text: string) {}
}

type Json = null | boolean | number | string | JsonNumber | Json[] | { [key: string]: Json | undefined };

class Converter {
  private wildcards = 0;

  module(m: Module): Json {
    const annotations = [m.package.annotations, ...m.rules.map((r) => r.annotations)].filter((a) => a !== undefined);
    return {
      package: { path: [term('var', 'data'), ...m.package.path.map((p) => term('string', p))] },
      imports: m.imports.length > 0 ? m.imports.map((i) => this.import(i)) : undefined,
      annotations: annotations.length > 0 ? (annotations as Json[]) : undefined,
      rules: m.rules.length > 0 ? m.rules.map((r) => this.rule(r, r.head)) : undefined,
    };
  }

  private import(i: Import): Json {
    const path = i.path.type === 'var' ? term('ref', [this.term(i.path)]) : this.term(i.path);
    return { path, alias: i.alias };
  }

  /** `head` is the rule's own head, or for an `else`, the head of the rule it belongs to. */
  private rule(r: Rule, head: RuleHead): Json {
    return {
      default: r.default ? true : undefined,
      head: this.head(head, r.head),
      body: this.body(r.body),
      annotations: r.annotations ? [r.annotations as Json] : undefined,
      else: r.else ? this.rule(r.else, head) : undefined,
    };
  }

  private head(h: RuleHead, own: RuleHead): Json {
    const ref = h.ref.map((t) => this.term(t));
    const single = h.ref.length === 1 && h.ref[0]!.type === 'var';
    const value = own.value ?? (h.contains ? undefined : { type: 'boolean', value: true, loc: own.loc });
    return {
      name: single ? (h.ref[0] as { name: string }).name : undefined,
      ref,
      args: h.args ? h.args.map((a) => this.term(a)) : undefined,
      key: h.contains ? this.term(h.contains) : undefined,
      value: value ? this.term(value) : undefined,
      assign: own.assign || h.assign ? true : undefined,
    };
  }

  private body(b: Body): Json[] {
    if (b.length === 0) return [{ index: 0, terms: term('boolean', true) }];
    return b.map((e, i) => this.expr(e, i));
  }

  private expr(e: Expr, index: number): Json {
    return {
      index,
      negated: e.negated ? true : undefined,
      terms: this.exprTerms(e),
      with: e.with.length > 0 ? e.with.map((w) => this.with(w)) : undefined,
    };
  }

  private exprTerms(e: Expr): Json {
    switch (e.type) {
      case 'term':
        return e.term.type === 'call' ? this.callTerms(e.term) : this.term(e.term);
      case 'some':
        return { symbols: e.vars.map((v) => this.term(v)) };
      case 'somein': {
        const member = e.key ? ['internal', 'member_3', e.key, e.value] : ['internal', 'member_2', e.value];
        const operands = [...(member.slice(2) as Term[]), e.collection].map((t) => this.term(t));
        const op = term('ref', [term('var', member[0] as string), term('string', member[1] as string)]);
        return { symbols: [term('call', [op, ...operands])] };
      }
      case 'every':
        return {
          key: e.key ? this.term(e.key) : null,
          value: this.term(e.value),
          domain: this.term(e.domain),
          body: this.body(e.body),
        };
    }
  }

  private with(w: With): Json {
    return { target: this.term(w.target), value: this.term(w.value) };
  }

  private callTerms(t: Extract<Term, { type: 'call' }>): Json[] {
    const op = t.fn.type === 'var' ? term('ref', [this.term(t.fn)]) : this.term(t.fn);
    return [op, ...t.args.map((a) => this.term(a))];
  }

  term(t: Term): Json {
    switch (t.type) {
      case 'null': return term('null', null);
      case 'boolean': return term('boolean', t.value);
      case 'number': return term('number', new JsonNumber(t.value));
      case 'string': return term('string', t.value);
      case 'var': return term('var', t.name === '_' ? `$${this.wildcards++}` : t.name);
      case 'ref': return term('ref', [this.term(t.head), ...t.path.map((p) => this.term(p))]);
      case 'array': return term('array', t.items.map((i) => this.term(i)));
      case 'set': return term('set', sortedTerms(t.items.map((i) => this.term(i))));
      case 'object': return term('object', t.items.map(([k, v]) => [this.term(k), this.term(v)]));
      case 'arraycomp': return term('arraycomprehension', { term: this.term(t.head), body: this.body(t.body) });
      case 'setcomp': return term('setcomprehension', { term: this.term(t.head), body: this.body(t.body) });
      case 'objectcomp': return term('objectcomprehension', { key: this.term(t.key), value: this.term(t.value), body: this.body(t.body) });
      case 'call': return term('call', this.callTerms(t));
    }
  }
}

function term(type: string, value: Json): Json {
  return { type, value };
}

/** OPA's order of term types, which a set's members are marshalled in. */
const TYPE_ORDER = ['null', 'boolean', 'number', 'string', 'var', 'ref', 'array', 'object', 'set', 'arraycomprehension', 'objectcomprehension', 'setcomprehension', 'call'];

function sortedTerms(items: Json[]): Json[] {
  const rank = (t: Json): number => TYPE_ORDER.indexOf(((t as { type: string }).type));
  const scalar = (t: Json): unknown => (t as { value: Json }).value;
  return [...items].sort((a, b) => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    const x = scalar(a);
    const y = scalar(b);
    if (x instanceof JsonNumber && y instanceof JsonNumber) return Number(x.text) - Number(y.text);
    const sx = typeof x === 'string' ? x : stringify(x as Json);
    const sy = typeof y === 'string' ? y : stringify(y as Json);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  });
}

/** JSON text; numbers as written, absent (undefined) members left out. */
function stringify(v: Json): string {
  if (v instanceof JsonNumber) return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.text) ? v.text : JSON.stringify(Number(v.text));
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const members = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${members.map(([k, x]) => `${JSON.stringify(k)}:${stringify(x as Json)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The module as the JSON text of OPA's AST. */
export function moduleJson(m: Module): string {
  return stringify(new Converter().module(m));
}
