import { fail } from './args.js';

/**
 * Go's text/template grammar as strings.render_template uses it: text, {{pipeline}} output,
 * variable declarations, if / with / range (with else) blocks, comments and trim markers. A
 * pipeline is commands joined by "|", each a function (eq, len, printf, ...) with its arguments,
 * or one operand: ".", a field chain, a variable, a literal or a parenthesized pipeline. `define`,
 * `template` and `block` are not supported (OPA's templates are one text without names).
 */
export type Operand =
  | { kind: 'dot'; fields: string[] }
  | { kind: 'var'; name: string; fields: string[] }
  | { kind: 'literal'; value: unknown }
  | { kind: 'func'; name: string }
  | { kind: 'pipe'; pipeline: Pipeline };

/** Commands whose each output is the next one's last argument. */
export type Pipeline = Operand[][];

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'print'; operand: Pipeline }
  | { kind: 'assign'; name: string; operand: Pipeline; declare: boolean }
  | { kind: 'if' | 'with'; operand: Pipeline; then: TemplateNode[]; otherwise: TemplateNode[] }
  | { kind: 'range'; vars: string[]; operand: Pipeline; then: TemplateNode[]; otherwise: TemplateNode[] };

type Token = { kind: 'text'; text: string } | { kind: 'action'; body: string };

const ACTION = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  let trimNext = false;
  for (const m of source.matchAll(ACTION)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.trimStart();
    if (m[1] !== undefined) text = text.trimEnd();
    tokens.push({ kind: 'text', text });
    const body = m[2].trim();
    if (!body.startsWith('/*')) tokens.push({ kind: 'action', body });
    trimNext = m[3] !== undefined;
    last = m.index + m[0].length;
  }
  const rest = source.slice(last);
  if (rest.includes('{{')) fail('unclosed action');
  tokens.push({ kind: 'text', text: trimNext ? rest.trimStart() : rest });
  return tokens.filter((t) => t.kind !== 'text' || t.text !== '');
}

export function parseTemplate(source: string): TemplateNode[] {
  const tokens = tokenize(source);
  const { nodes, end } = parseList(tokens, 0);
  if (end < tokens.length) fail(`unexpected {{${(tokens[end] as { body: string }).body}}}`);
  return nodes;
}

/** Nodes up to (not including) an {{else}}, {{else if}} or {{end}} action. */
function parseList(tokens: Token[], start: number): { nodes: TemplateNode[]; end: number } {
  const nodes: TemplateNode[] = [];
  let i = start;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (tok.kind === 'text') {
      nodes.push(tok);
      i++;
      continue;
    }
    const [word] = tok.body.split(/\s+/, 1);
    if (word === 'end' || word === 'else') break;
    if (word === 'if' || word === 'with' || word === 'range') {
      const block = parseBlock(tokens, i, word, tok.body.slice(word.length).trim());
      nodes.push(block.node);
      i = block.end;
    } else {
      nodes.push(parseSimple(tok.body));
      i++;
    }
  }
  return { nodes, end: i };
}

function parseBlock(tokens: Token[], at: number, word: 'if' | 'with' | 'range', header: string): { node: TemplateNode; end: number } {
  const then = parseList(tokens, at + 1);
  let otherwise: TemplateNode[] = [];
  let end = then.end;
  const closer = tokens[end] as { body: string } | undefined;
  if (closer === undefined) fail(`unterminated ${word}`);
  if (closer.body.startsWith('else')) {
    const chained = closer.body.slice(4).trim();
    if (chained.startsWith('if ') || chained.startsWith('with ')) {
      const kind = chained.startsWith('if ') ? 'if' : 'with';
      const inner = parseBlock(tokens, end, kind, chained.slice(kind.length).trim());
      return { node: blockNode(word, header, then.nodes, [inner.node]), end: inner.end };
    }
    const rest = parseList(tokens, end + 1);
    otherwise = rest.nodes;
    end = rest.end;
  }
  if ((tokens[end] as { body?: string } | undefined)?.body !== 'end') fail(`${word} without end`);
  return { node: blockNode(word, header, then.nodes, otherwise), end: end + 1 };
}

function blockNode(word: 'if' | 'with' | 'range', header: string, then: TemplateNode[], otherwise: TemplateNode[]): TemplateNode {
  if (word !== 'range') return { kind: word, operand: parseOperand(header), then, otherwise };
  const decl = /^(\$\w*)\s*(?:,\s*(\$\w*)\s*)?:=\s*(.*)$/.exec(header);
  if (decl === null) return { kind: 'range', vars: [], operand: parseOperand(header), then, otherwise };
  const vars = decl[2] === undefined ? [decl[1]] : [decl[1], decl[2]];
  return { kind: 'range', vars, operand: parseOperand(decl[3]), then, otherwise };
}

function parseSimple(body: string): TemplateNode {
  const assign = /^(\$\w*)\s*(:?=)\s*(.*)$/.exec(body);
  if (assign !== null) return { kind: 'assign', name: assign[1], declare: assign[2] === ':=', operand: parseOperand(assign[3]) };
  return { kind: 'print', operand: parseOperand(body) };
}

/** What text/template calls functions; `call` needs Go values and is not among them. */
export const FUNCTIONS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'html', 'js', 'urlquery', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);

const TOKEN = /\s+|(\()|(\))|(\|)|("(?:[^"\\]|\\.)*")|(`[^`]*`)|(\$\w*(?:\.[A-Za-z_]\w*)*)|(\.(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)/y;

function parseOperand(text: string): Pipeline {
  const list: Array<Operand | '(' | ')' | '|'> = [];
  TOKEN.lastIndex = 0;
  const source = text.trim();
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (m === null) return fail(`unexpected "${source.slice(at, at + 10)}" in pipeline: ${source}`);
    if (m[1] || m[2] || m[3]) list.push((m[1] ?? m[2] ?? m[3]) as '(' | ')' | '|');
    else if (m[4] !== undefined) list.push({ kind: 'literal', value: JSON.parse(m[4]) as string });
    else if (m[5] !== undefined) list.push({ kind: 'literal', value: m[5].slice(1, -1) });
    else if (m[6] !== undefined) {
      const [name, ...fields] = m[6].split('.');
      list.push({ kind: 'var', name: name!, fields });
    } else if (m[7] !== undefined) list.push({ kind: 'dot', fields: m[7] === '.' ? [] : m[7].slice(1).split('.') });
    else if (m[8] !== undefined) list.push({ kind: 'literal', value: Number(m[8]) });
    else if (m[9] !== undefined) list.push(word(m[9]));
  }
  const { pipeline, end } = pipelineAt(list, 0);
  if (end < list.length) fail(`unexpected ")" in pipeline: ${source}`);
  if (pipeline.length === 0) fail('missing value for command');
  return pipeline;
}

function word(name: string): Operand {
  if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
  if (name === 'nil') return { kind: 'literal', value: null };
  if (!FUNCTIONS.has(name)) fail(`function "${name}" not defined`);
  return { kind: 'func', name };
}

/** Commands from `start` up to a ")" or the end. */
function pipelineAt(list: Array<Operand | '(' | ')' | '|'>, start: number): { pipeline: Pipeline; end: number } {
  const pipeline: Pipeline = [];
  let command: Operand[] = [];
  let i = start;
  for (; i < list.length && list[i] !== ')'; i++) {
    const item = list[i]!;
    if (item === '|') {
      if (command.length === 0) fail('missing command before "|"');
      pipeline.push(command);
      command = [];
    } else if (item === '(') {
      const inner = pipelineAt(list, i + 1);
      if (list[inner.end] !== ')') fail('unclosed left paren');
      command.push({ kind: 'pipe', pipeline: inner.pipeline });
      i = inner.end;
    } else {
      command.push(item as Operand);
    }
  }
  if (command.length > 0) pipeline.push(command);
  else if (pipeline.length > 0) fail('missing command after "|"');
  return { pipeline, end: i };
}
