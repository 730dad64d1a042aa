/**
 * Text about an upstream that reaches a client or the journal (why it cannot be reached) must not
 * carry what its URL may hold besides the address: a password, a token in the path or query.
 * Each URL in the text is cut down to its origin, as warden names an upstream everywhere else.
 */

/** A scheme, `://`, then everything up to white space or a quote; trailing punctuation is the sentence's. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+?(?=[.,;:!?)\]]*(?:[\s"'<>`]|$))/gi;

export function withoutUrlSecrets(text: string): string {
  return text.replace(URL_IN_TEXT, originOf);
}

function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL after all: nothing in it can be told apart from a secret.
    return `${url.slice(0, url.indexOf('://') + 3)}…`;
  }
  return `${parsed.protocol}//${parsed.host}`;
}
