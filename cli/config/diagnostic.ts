/**
 * A problem with warden's configuration, precise enough to fix without guessing: which file,
 * which field (a JSON pointer into the file's format), and where in the file when known.
 * Messages never quote a value from the file: values may be credentials.
 */
export interface ConfigDiagnostic {
  /** The file at fault; absent when the problem is in the flags or in how file and flags combine. */
  file?: string;
  /** JSON pointer in the file's snake_case format, e.g. `/listen/0/url`; `` is the whole file. */
  path: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  col?: number;
  message: string;
  /**
   * Found after loading, by a check of settings only the file can give (`upstreams:`, `routing:`):
   * the caller that read the file puts in its file, line and column.
   */
  inFile?: boolean;
}

/** `file:line:col: /path: message`, the shape editors and terminals turn into links. */
export function formatDiagnostic(d: ConfigDiagnostic): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}:${d.col ?? 1}`}: `;
  const field = d.path === '' ? '' : `${d.path}: `;
  return `${where}${field}${d.message}`;
}
