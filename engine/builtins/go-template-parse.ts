import { fail } from './args.js';

/**
 * The part of Go's text/template grammar strings.render_template supports:
 * text, {{pipeline}} output where a pipeline is a single operand (".", a
 * field chain, a variable, or a literal), variable declarations, and
 * if / with / range (with else) blocks; plus comments and trim markers.
 * Function calls and "|" pipelines are not supported.
 */
export type Operand =
  | { kind: 'dot'; fields: string[] }
  | { kind: 'var'; name: string; fields: string[] }
  | { kind: 'literal'; value: unknown };

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'print'; operand: Operand }
  | { kind: 'assign'; name: string; operand: Operand; declare: boolean }
  | { kind: 'if' | 'with'; operand: Operand; then: TemplateNode[]; otherwise: TemplateNode[] }
  | { kind: 'range'; vars: string[]; operand: Operand; then: TemplateNode[]; otherwise: TemplateNode[] };

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

const FIELD_CHAIN = /^(?:\.[A-Za-z_]\w*)+$/;

function parseOperand(text: string): Operand {
  const t = text.trim();
  if (t === '.') return { kind: 'dot', fields: [] };
  if (FIELD_CHAIN.test(t)) return { kind: 'dot', fields: t.slice(1).split('.') };
  const variable = /^(\$\w*)((?:\.[A-Za-z_]\w*)*)$/.exec(t);
  if (variable !== null) return { kind: 'var', name: variable[1], fields: variable[2] === '' ? [] : variable[2].slice(1).split('.') };
  if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
  if (t === 'nil') return { kind: 'literal', value: null };
  if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t)) return { kind: 'literal', value: Number(t) };
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) return { kind: 'literal', value: JSON.parse(t) as string };
  if (/^`[^`]*`$/.test(t)) return { kind: 'literal', value: t.slice(1, -1) };
  return fail(`unsupported template pipeline: ${t}`);
}
