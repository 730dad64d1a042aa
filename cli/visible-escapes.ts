/**
 * Characters that render as nothing (Unicode tag characters, zero-width and bidirectional
 * controls, variation selectors but the emoji ones, the soft hyphen: the set
 * policies/lib/hidden_text.rego redacts) written as \uXXXX escapes. A tool definition can carry
 * instructions spelled in them that a model reads and a person reviewing the tool before
 * approving it would not see on the terminal. In JSON text the escape is the same string.
 */
const HIDDEN = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFE00-\uFE0D\uFEFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

export function visibleEscapes(text: string): string {
  return text.replace(HIDDEN, escapeUnits);
}

function escapeUnits(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  return out;
}
