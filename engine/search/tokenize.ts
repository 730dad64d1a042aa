/**
 * Turns tool names, descriptions and queries into the terms BM25 scores. Identifiers are split
 * where people would read a word boundary (`get_file_contents`, `browserNavigate`, `HTTPRequest`),
 * everything is lower-cased, common English function words are dropped, and a light suffix
 * stemmer folds plurals and verb forms (`issues`/`issue`, `listing`/`list`, `created`/`create`)
 * so a query phrased as a sentence meets a description phrased as a command.
 */

/** Function words that say nothing about what a tool does; kept short so domain words survive. */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'does', 'for', 'from',
  'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'of', 'on', 'or', 'our', 'should',
  'so', 'some', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'this', 'those', 'to',
  'via', 'was', 'we', 'what', 'when', 'which', 'will', 'with', 'would', 'you', 'your',
]);

/** Longest term kept; longer runs are data (hashes, base64), not words. */
const MAX_TERM_LENGTH = 40;

/** Splits camelCase and acronym boundaries before the non-alphanumeric split. */
function splitIdentifiers(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

export interface TokenizeOptions {
  /** Fold suffixes (default true). */
  stem?: boolean;
}

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stem = options.stem ?? true;
  const terms: string[] = [];
  for (const raw of splitIdentifiers(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0 || raw.length > MAX_TERM_LENGTH || STOP_WORDS.has(raw)) continue;
    terms.push(stem ? stemTerm(raw) : raw);
  }
  return terms;
}

/**
 * A deliberately small suffix stemmer (a subset of Porter's step 1): it only folds inflections,
 * never derivations, so `search` and `research` or `user` and `use` stay apart.
 */
export function stemTerm(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  return dropSilentE(stripSuffix(term));
}

function stripSuffix(term: string): string {
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(term)) return term;
  if (/(ches|shes|sses|xes|zes)$/.test(term)) return term.slice(0, -2);
  if (term.endsWith('s')) return term.slice(0, -1);
  if (term.endsWith('ing') && term.length > 5) return undouble(term.slice(0, -3));
  if (term.endsWith('ed') && term.length > 4) return undouble(term.slice(0, -2));
  return term;
}

/** `running` -> `runn` -> `run`; `listed` -> `list` (a double l or s is usually part of the word). */
function undouble(stem: string): string {
  if (/([^aeiouls])\1$/.test(stem)) return stem.slice(0, -1);
  return stem;
}

/** `create`, `creates`, `created` and `creating` all end up as `creat`. */
function dropSilentE(stem: string): string {
  return stem.length >= 4 && stem.endsWith('e') && !stem.endsWith('ee') ? stem.slice(0, -1) : stem;
}
