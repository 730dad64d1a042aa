/**
 * The ASCII table OPA's pretty format draws for bindings (its table writer's defaults):
 * centred headers, left-aligned cells, one space of padding, `+`, `-` and `|` borders.
 * Unlike OPA's writer, long cells are not word-wrapped at 30 columns.
 */
export function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[], align: (s: string, w: number) => string): string =>
    `|${widths.map((w, i) => ` ${align(cells[i] ?? '', w)} `).join('|')}|`;
  return [border, line(header, centre), border, ...rows.map((r) => line(r, left)), border, ''].join('\n');
}

function width(s: string): number {
  return [...s].length;
}

function left(s: string, w: number): string {
  return s + ' '.repeat(w - width(s));
}

/** The extra space goes right when it does not split evenly, as in OPA's writer. */
function centre(s: string, w: number): string {
  const gap = w - width(s);
  const before = Math.floor(gap / 2);
  return ' '.repeat(before) + s + ' '.repeat(gap - before);
}
