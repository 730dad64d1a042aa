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

const NONE = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
/** A letter or digit outside ASCII: part of a word, never a case boundary. */
const OTHER = 4;

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function kindOf(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code < 128) return NONE;
  return WORD_CHAR.test(String.fromCodePoint(code)) ? OTHER : NONE;
}

/**
 * Calls `emit` with each word of `text`: runs of letters and digits, split where camelCase
 * starts a word (`browserNavigate`) and before the last capital of an acronym followed by
 * lower case (`HTTPRequest`). A scanner rather than regular expressions: indexing reads
 * megabytes of schema text, and this is several times faster.
 */
function eachWord(text: string, emit: (word: string) => void): void {
  let start = -1;
  let previous = NONE;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const kind = kindOf(code);
    if (kind === NONE) {
      if (start >= 0) emit(text.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (kind === UPPER && (previous === LOWER || previous === DIGIT)) {
      emit(text.slice(start, i));
      start = i;
    } else if (kind === LOWER && previous === UPPER && i - 1 > start && kindOf(text.charCodeAt(i - 2)) === UPPER) {
      emit(text.slice(start, i - 1));
      start = i - 1;
    }
    previous = kind;
    i += code > 0xffff ? 2 : 1;
  }
  if (start >= 0) emit(text.slice(start));
}

export interface TokenizeOptions {
  /** Fold suffixes (default true). */
  stem?: boolean;
}

/**
 * Stemmed form of each word seen. Tool text has a small vocabulary repeated across many tools,
 * so this saves most of the stemming; it is emptied when full rather than evicting, since any
 * word is cheap to stem again.
 */
const stemmed = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stem = options.stem ?? true;
  const terms: string[] = [];
  eachWord(text, (word) => {
    if (word.length > MAX_TERM_LENGTH) return;
    const raw = word.toLowerCase();
    if (STOP_WORDS.has(raw)) return;
    if (!stem) {
      terms.push(raw);
      return;
    }
    let term = stemmed.get(raw);
    if (term === undefined) {
      if (stemmed.size >= STEM_CACHE_LIMIT) stemmed.clear();
      stemmed.set(raw, term = stemTerm(raw));
    }
    terms.push(term);
  });
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
