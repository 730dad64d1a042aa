/**
 * ajv's RegExpEngine for argument checks: the schema's ECMA-262 pattern in RE2 syntax
 * (ecma-regex.ts) on RE2 (linear in the text, ajv-re2.ts), with each match paid for before it runs. Linear is not cheap: re2js runs an NFA whose cost per character grows
 * with the program, so a schema's pattern of a few thousand instructions took a minute over a
 * megabyte of text. The program size bounds that growth, so each match costs its text's length
 * times the program size.
 */
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { compile } from '../builtins/re2.js';
import { PER_MATCH, PER_MATCH_CHAR_INSTRUCTION } from './costs.js';
import { ecmaToRe2 } from './ecma-regex.js';
import type { Meter } from './work-meter.js';

export function meteredRegExpEngine(meter: Meter): RegExpEngine {
  return Object.assign(
    (pattern: string, flags: string) => {
      const re = compile(ecmaToRe2(pattern));
      const perChar = re.programSize() * PER_MATCH_CHAR_INSTRUCTION;
      return {
        test: (text: string) => {
          meter.spend(PER_MATCH + text.length * perChar);
          return re.matcher(text).find();
        },
        toString: () => `/${pattern}/${flags}`,
      };
    },
    { code: 're2' },
  );
}
