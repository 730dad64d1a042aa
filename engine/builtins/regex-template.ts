import { fail } from './args.js';

/**
 * regex.template_match: text between the delimiters is a regular expression,
 * everything else is literal, and the whole template must match the value.
 * Delimiters nest, so "{a{2}}" is one regex "a{2}".
 */
export function templateToPattern(template: string, open: string, close: string): string {
  let pattern = '^';
  let literalStart = 0;
  for (const [start, end] of delimitedSpans(template, open, close)) {
    pattern += quoteMeta(template.slice(literalStart, start)) + `(${template.slice(start + 1, end)})`;
    literalStart = end + 1;
  }
  return pattern + quoteMeta(template.slice(literalStart)) + '$';
}

function delimitedSpans(template: string, open: string, close: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] === open) {
      if (depth++ === 0) start = i;
    } else if (template[i] === close) {
      if (--depth === 0) spans.push([start, i]);
      if (depth < 0) fail(`unbalanced delimiters in ${template}`);
    }
  }
  return depth === 0 ? spans : fail(`unbalanced delimiters in ${template}`);
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
