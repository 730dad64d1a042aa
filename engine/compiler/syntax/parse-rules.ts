/**
 * Module structure: `package`, imports and rules (heads, bodies, `else` chains).
 */
import type { Body, Import, Location, Module, Package, RefTerm, Rule, RuleHead, Term, VarTerm } from '../ast.js';
import { ParseFailure, tryParse, type Cursor } from './cursor.js';
import { failNonRuleStatement } from './non-rule-statement.js';
import { parseBody, parseLiteral } from './parse-body.js';
import { opaTokenName, parseDotName, parseTerm, parseTermList, parseTermOrKeyValueMembership } from './parse-terms.js';
import { FUTURE_KEYWORDS, describe, type Token } from './tokens.js';

const IMPORT_ROOTS: ReadonlySet<string> = new Set(['data', 'input', 'future', 'rego']);

/** Like OPA, stop collecting after this many errors. */
const MAX_ERRORS = 10;

/** Parses every statement; a failed statement is recorded in `c.failures` and skipped. */
export function parseModuleTokens(c: Cursor): Module {
  const pkg = parsePackage(c);
  const imports: Import[] = [];
  const rules: Rule[] = [];
  while (c.tok.kind !== 'eof' && c.failures.length < MAX_ERRORS) {
    const start = c.mark();
    try {
      parseStatement(c, imports, rules);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      c.failures.push(e);
      skipToNextStatement(c, start);
    }
  }
  return { file: c.file, package: pkg, imports, rules, regoVersion: c.regoVersion };
}

function parseStatement(c: Cursor, imports: Import[], rules: Rule[]): void {
  if (!c.tok.newlineBefore) c.fail(`expected a new line before the next statement, found ${describe(c.tok)}`);
  if (c.atKeywordRef()) rules.push(...parseRule(c));
  else if (c.atKeyword('import')) imports.push(parseImport(c));
  else if (c.atKeyword('package')) c.fail('a module has exactly one package declaration');
  else if (c.tok.kind !== 'ident' || (c.isReserved(c.tok.text) && !c.atKeyword('default'))) failNonRuleStatement(c);
  else rules.push(...parseRule(c));
}

/** Statements start with a word at column 1 in any sanely formatted module; resume at the next one. */
function skipToNextStatement(c: Cursor, start: number): void {
  if (c.mark() === start) c.next();
  while (c.tok.kind !== 'eof' && !(c.tok.kind === 'ident' && c.tok.newlineBefore && c.tok.col === 1)) c.next();
}

function parsePackage(c: Cursor): Package {
  const loc = c.loc(c.expectKeyword('package', 'at the start of the module'));
  const path = parsePathStrings(c, 'after `package`').map((p) => p.value);
  return { path, loc };
}

/** `a.b["c.d"]`: a name, then `.name` or `["string"]` segments, as in package and import paths. */
function parsePathStrings(c: Cursor, context: string): Array<{ value: string; loc: Location }> {
  const first = c.tok;
  if (first.kind !== 'ident') c.fail(`expected identifier ${context}, found ${describe(first)}`);
  c.next();
  const parts = [{ value: first.text, loc: c.loc(first) }];
  for (;;) {
    if (c.atAdjacent('.')) {
      c.next();
      const t = c.tok;
      // OPA's wording, which rego.parse_module's callers see (conformance regoparsemodule/error).
      if (t.kind !== 'ident') c.fail(`unexpected ${opaTokenName(c)}: expected ident`);
      parts.push({ value: c.next().text, loc: c.loc(t) });
    } else if (c.atAdjacent('[')) {
      c.next();
      const t = c.tok;
      if (t.kind !== 'string') c.fail(`expected string in path brackets, found ${describe(t)}`);
      parts.push({ value: c.next().text, loc: c.loc(t) });
      c.expectPunct(']', 'to close the path segment');
    } else {
      return parts;
    }
  }
}

function parseImport(c: Cursor): Import {
  const loc = c.loc(c.next());
  const parts = parsePathStrings(c, 'after `import`');
  const [head, ...rest] = parts;
  if (!IMPORT_ROOTS.has(head!.value)) {
    c.failAt(`import path must begin with one of data, input, future or rego, found '${head!.value}'`, head!.loc);
  }
  const headVar: VarTerm = { type: 'var', name: head!.value, loc: head!.loc };
  const path: VarTerm | RefTerm = rest.length === 0
    ? headVar
    : { type: 'ref', head: headVar, path: rest.map((p) => ({ type: 'string', value: p.value, loc: p.loc })), loc: head!.loc };
  applyKeywordImport(c, parts.map((p) => p.value), loc);
  if (!c.acceptKeyword('as')) return { path, loc };
  return { path, alias: c.expectName('after `as`').text, loc };
}

/** `future.keywords[.x]` and `rego.v1` change which words are reserved from here on. */
function applyKeywordImport(c: Cursor, path: string[], loc: Location): void {
  const joined = path.join('.');
  if (joined === 'rego.v1') {
    c.regoVersion = 1;
    c.enableFuture(FUTURE_KEYWORDS);
  } else if (joined === 'future.keywords') {
    c.enableFuture(FUTURE_KEYWORDS);
  } else if (path[0] === 'future') {
    const word = path[2];
    if (path[1] !== 'keywords' || path.length !== 3 || !FUTURE_KEYWORDS.includes(word!)) {
      c.failAt(`unknown future import '${joined}': expected future.keywords or future.keywords.{${FUTURE_KEYWORDS.join(',')}}`, loc);
    }
    // `every` is written `every x in xs`, so importing it imports `in` too, as in OPA.
    c.enableFuture(word === 'every' ? ['every', 'in'] : [word!]);
  } else if (path[0] === 'rego') {
    c.failAt(`unknown import '${joined}': the only rego import is rego.v1`, loc);
  }
}

/**
 * A default value is a constant: the first var, ref or call in it (outside comprehensions, whose
 * bodies are evaluated), named as OPA's message names it.
 */
function dynamicPart(t: Term): string | undefined {
  switch (t.type) {
    case 'var': case 'ref': case 'call': return t.type;
    case 'array': case 'set': return firstOf(t.items);
    case 'object': return firstOf(t.items.flat());
    default: return undefined;
  }
}

function firstOf(terms: readonly Term[]): string | undefined {
  for (const t of terms) {
    const found = dynamicPart(t);
    if (found) return found;
  }
  return undefined;
}

/** One rule, or several in v0 when a head has several bodies (`p { a } { b }`). */
function parseRule(c: Cursor): Rule[] {
  const loc = c.loc();
  const isDefault = !c.atKeywordRef() && c.acceptKeyword('default') !== undefined;
  const head = parseRuleHead(c);
  if (isDefault) {
    if (head.value === undefined) c.failAt('a default rule needs a value: `default p := v`', head.loc);
    if (c.atKeyword('if') || c.atPunct('{')) c.fail('a default rule has no body');
    const dynamic = head.value && dynamicPart(head.value);
    if (dynamic) c.failAt(`default rule value cannot contain ${dynamic}`, loc);
    return [{ default: true, head, body: [], loc }];
  }
  const bodies = parseRuleBodies(c);
  // v1 has no bare rules: `p` or `f(x)` alone (v0 read them as `p = true`).
  if (c.regoVersion === 1 && bodies.length === 1 && bodies[0]!.length === 0 && !head.value && !head.contains) {
    c.failAt('rule must have value assignment and/or body declaration', head.loc);
  }
  const rules = bodies.map((body, i): Rule => ({ default: false, head: i === 0 ? head : structuredClone(head), body, loc }));
  let last = rules[rules.length - 1]!;
  while (c.atKeyword('else') && !c.atKeywordRef()) {
    last.else = parseElse(c, head);
    last = last.else;
  }
  return rules;
}

function parseRuleHead(c: Cursor): RuleHead {
  // Keywords may name a rule's path, as in OPA: `policy.default.level`, `import.x`.
  const nameTok = c.atKeywordRef() ? c.next() : c.expectName('(a rule name)');
  const loc = c.loc(nameTok);
  const ref: Term[] = [{ type: 'var', name: nameTok.text, loc }];
  let lastIsBracket = false;
  for (;;) {
    // As in OPA, whitespace may separate the rule's name from what follows it (`p [x]`, `p .x`,
    // `f (x)`), but not the later parts of the ref from each other.
    const first = ref.length === 1;
    if (c.atAdjacent('.') || (first && c.atPunct('.'))) {
      ref.push(parseDotName(c, c.next()));
      lastIsBracket = false;
    } else if (c.atAdjacent('[') || (first && c.atPunct('['))) {
      c.next();
      ref.push(parseTerm(c));
      c.expectPunct(']', 'to close the rule name');
      lastIsBracket = true;
    } else {
      break;
    }
  }
  const head: RuleHead = { ref, assign: false, loc };
  if (c.atAdjacent('(') || (ref.length === 1 && c.atPunct('('))) {
    c.next();
    head.args = parseTermList(c, ')', 'in the function arguments');
  }
  if (c.acceptKeyword('contains')) {
    if (head.args) c.fail('a function cannot use `contains`');
    head.contains = parseTerm(c);
  } else if (c.atPunct(':=') || c.atPunct('=')) {
    head.assign = c.next().text === ':=';
    head.value = parseTermOrKeyValueMembership(c);
  } else if (c.regoVersion === 0 && (lastIsBracket || ref.length === 2) && !head.args) {
    // v0 `p[x] { ... }` is a partial set: the bracketed last term is the element; so is
    // `p.x { ... }`, whose element is "x" (only longer dotted heads are v0 ref rules).
    head.contains = ref.pop();
  }
  return head;
}

/** Bodies after a head: `if { ... }`, `if literal`, v0 `{ ... } { ... }`, or none (always true). */
function parseRuleBodies(c: Cursor): Body[] {
  if (c.acceptKeyword('if')) return [parseIfBody(c)];
  if (!c.atPunct('{')) return [[]];
  const bodies: Body[] = [];
  while (c.atPunct('{')) {
    requireIfInV1(c);
    bodies.push(parseBraceBody(c));
  }
  return bodies;
}

function requireIfInV1(c: Cursor): void {
  if (c.regoVersion === 1) c.fail('`if` keyword is required before rule body');
}

/**
 * As in OPA, `if` is followed by one literal unless that fails to parse or is a set literal
 * (`if { x }`); then the braces hold a body. So `f(x) if {k: v | ...}[x]`, `if {1} | {2}` and
 * `if { 1 | 1 }` (a set comprehension) are one-literal bodies.
 */
function parseIfBody(c: Cursor): Body {
  if (!c.atPunct('{')) return [parseLiteral(c)];
  if (c.peekPunct('}')) c.fail('found empty body: expected an expression between the braces');
  if (bracesHoldBody(c)) return parseBraceBody(c);
  const start = c.mark();
  const literal = tryParse(() => parseLiteral(c));
  if (literal && !(literal.type === 'term' && literal.term.type === 'set')) return [literal];
  c.reset(start);
  return parseBraceBody(c);
}

const OPENERS: ReadonlySet<string> = new Set(['{', '[', '(']);
const CLOSERS: ReadonlySet<string> = new Set(['}', ']', ')']);

/**
 * The braces at the cursor cannot be read as one literal, so `if { ... }` holds a body and
 * parseIfBody's attempt at a literal would only fail: inside them, at their own depth, a line
 * starts with a name right after a complete term, which no set or object allows (their elements
 * need commas), and no `|` makes them a comprehension or a union. Most multi-line bodies are
 * this; skipping the attempt (a parse and a throw each) saves about a sixth of a cold parse.
 */
function bracesHoldBody(c: Cursor): boolean {
  let depth = 0;
  for (let i = 0; ; i++) {
    const t = c.peek(i);
    if (t.kind === 'eof') return false;
    if (t.kind === 'punct') {
      if (OPENERS.has(t.text)) depth++;
      else if (CLOSERS.has(t.text) && --depth === 0) return false;
      else if (depth === 1 && t.text === '|') return false;
    } else if (depth === 1 && t.newlineBefore && t.kind === 'ident' && !c.isReserved(t.text) && endsTerm(c, c.peek(i - 1))) {
      return true;
    }
  }
}

function endsTerm(c: Cursor, t: Token): boolean {
  if (t.kind === 'number' || t.kind === 'string') return true;
  if (t.kind === 'ident') return !c.isReserved(t.text);
  return t.kind === 'punct' && CLOSERS.has(t.text);
}

function parseBraceBody(c: Cursor): Body {
  c.expectPunct('{', 'to open the rule body');
  const body = parseBody(c, '}');
  c.expectPunct('}', 'to close the rule body');
  return body;
}

function parseElse(c: Cursor, parent: RuleHead): Rule {
  const loc = c.loc(c.next());
  const head: RuleHead = { ref: structuredClone(parent.ref), assign: false, loc };
  if (parent.args) head.args = structuredClone(parent.args);
  if (c.atPunct(':=') || c.atPunct('=')) {
    head.assign = c.next().text === ':=';
    head.value = parseTermOrKeyValueMembership(c);
  }
  let body: Body = [];
  if (c.acceptKeyword('if')) {
    // Unlike a rule's `if`, OPA reads braces after an else's `if` as a body straight away.
    body = c.atPunct('{') ? parseBraceBody(c) : [parseLiteral(c)];
  } else if (c.atPunct('{')) {
    requireIfInV1(c);
    body = parseBraceBody(c);
  }
  return { default: false, head, body, loc };
}
