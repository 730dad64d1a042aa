/** JSON pointers (RFC 6901), the way every warden diagnostic names the field at fault. */

/** One pointer segment, with `~` and `/` escaped. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...keys: (string | number)[]): string {
  return keys.map((k) => `/${pointerSegment(k)}`).join('');
}

export function splitPointer(p: string): string[] {
  if (p === '') return [];
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
