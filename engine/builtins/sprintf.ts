import { arr, str } from './args.js';
import { formatArg, plainValue, toGoArg, type GoArg, type Spec } from './go-verbs.js';
import type { BuiltinTable } from './types.js';

/**
 * sprintf with Go's fmt semantics, as OPA runs it: the verb grammar
 * (flags, width, precision, `*`), and Go's in-band error notes such as
 * `%!d(string=x)`, `%!d(MISSING)` and `%!(EXTRA int=1)`.
 */
function sprintf(format: unknown, values: unknown): string {
  return goSprintf(str(format), arr(values).map(toGoArg));
}

/** Go's fmt.Sprintf over operands already typed as Go would see them (also the templates' printf). */
export function goSprintf(format: string, args: GoArg[]): string {
  return new Formatter(format, args).run();
}

class Formatter {
  private i = 0;
  private next = 0;
  private out = '';

  constructor(private readonly format: string, private readonly args: GoArg[]) {}

  run(): string {
    while (this.i < this.format.length) {
      const percent = this.format.indexOf('%', this.i);
      if (percent < 0) break;
      this.out += this.format.slice(this.i, percent);
      this.i = percent + 1;
      this.directive();
    }
    this.out += this.format.slice(this.i);
    return this.out + this.extra();
  }

  private directive(): void {
    const spec: Spec = { minus: false, plus: false, space: false, zero: false, sharp: false, verb: '' };
    this.flags(spec);
    spec.width = this.count('BADWIDTH');
    if (this.format[this.i] === '.') {
      this.i++;
      spec.prec = this.count('BADPREC') ?? 0;
    }
    const verb = this.format.codePointAt(this.i);
    if (verb === undefined) {
      this.out += '%!(NOVERB)';
      return;
    }
    spec.verb = String.fromCodePoint(verb);
    this.i += spec.verb.length;
    if (spec.verb === '%') this.out += '%';
    else if (this.next >= this.args.length) this.out += `%!${spec.verb}(MISSING)`;
    else this.out += formatArg(this.args[this.next++], spec);
  }

  private flags(spec: Spec): void {
    for (;;) {
      switch (this.format[this.i]) {
        case '-': spec.minus = true; spec.zero = false; break;
        case '+': spec.plus = true; break;
        case ' ': spec.space = true; break;
        case '0': spec.zero = !spec.minus; break;
        case '#': spec.sharp = true; break;
        default: return;
      }
      this.i++;
    }
  }

  /** A width or precision: digits, or `*` taking an int operand. */
  private count(error: string): number | undefined {
    if (this.format[this.i] === '*') {
      this.i++;
      const arg = this.args[this.next++];
      if (arg?.type === 'int') return Number(arg.value);
      this.out += `%!(${error})`;
      return undefined;
    }
    const digits = /^\d+/.exec(this.format.slice(this.i))?.[0];
    if (digits === undefined) return undefined;
    this.i += digits.length;
    return Number(digits);
  }

  private extra(): string {
    if (this.next >= this.args.length) return '';
    const rest = this.args.slice(this.next).map((a) => `${a.type}=${plainValue(a)}`);
    return `%!(EXTRA ${rest.join(', ')})`;
  }
}

export const sprintfBuiltins: BuiltinTable = { sprintf };
