/**
 * File access confined to one root directory. Every path a tool receives is untrusted: it is
 * resolved against the root, and refused when it climbs out lexically (`../`, absolute
 * paths elsewhere) or through a symlink pointing outside.
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Keeps one tool result well under mcp-warden's default 4 MiB message limit. */
export const MAX_READ_BYTES = 1024 * 1024;

/** A refusal or failure meant for the caller; the SDK turns it into an `isError` tool result. */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

export interface Entry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
}

export class Workspace {
  private constructor(readonly root: string) {}

  static async open(root: string): Promise<Workspace> {
    const real = await realpath(path.resolve(root)).catch(() => {
      throw new WorkspaceError(`workspace root does not exist: ${root}`);
    });
    if (!(await stat(real)).isDirectory()) throw new WorkspaceError(`workspace root is not a directory: ${root}`);
    return new Workspace(real);
  }

  async readText(requested: string): Promise<string> {
    const file = await this.existing(requested);
    const info = await stat(file);
    if (!info.isFile()) throw new WorkspaceError(`not a file: ${requested}`);
    if (info.size > MAX_READ_BYTES) throw new WorkspaceError(`file is ${info.size} bytes, over the ${MAX_READ_BYTES}-byte limit: ${requested}`);
    return readFile(file, 'utf8');
  }

  /** Creates missing parent directories; never writes through a symlink. */
  async writeText(requested: string, content: string): Promise<number> {
    const target = this.lexical(requested);
    if (target === this.root) throw new WorkspaceError('cannot write to the workspace root itself');
    await this.insideAncestor(path.dirname(target));
    await mkdir(path.dirname(target), { recursive: true });
    // Checked again after mkdir: a directory swapped for a symlink meanwhile is caught here.
    await this.existing(path.dirname(target));
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const handle = await open(target, flags, 0o644).catch((error: NodeJS.ErrnoException) => {
      throw new WorkspaceError(error.code === 'ELOOP' ? `refusing to write through a symlink: ${requested}` : `cannot write ${requested}: ${error.code ?? error.message}`);
    });
    try {
      await handle.writeFile(content, 'utf8');
    } finally {
      await handle.close();
    }
    return Buffer.byteLength(content, 'utf8');
  }

  async list(requested = '.'): Promise<Entry[]> {
    const dir = await this.existing(requested);
    if (!(await stat(dir)).isDirectory()) throw new WorkspaceError(`not a directory: ${requested}`);
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .map((entry): Entry => ({
        name: entry.name,
        type: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The real path of an existing entry, which must lie inside the root. */
  private async existing(requested: string): Promise<string> {
    const full = this.lexical(requested);
    const real = await realpath(full).catch(() => {
      throw new WorkspaceError(`no such file or directory: ${requested}`);
    });
    if (!this.contains(real)) throw new WorkspaceError(`path escapes the workspace through a symlink: ${requested}`);
    return real;
  }

  /** For a path that may not exist yet: its nearest existing ancestor must be inside. */
  private async insideAncestor(full: string): Promise<void> {
    for (let dir = full; ; dir = path.dirname(dir)) {
      const real = await realpath(dir).catch(() => undefined);
      if (real !== undefined) {
        if (!this.contains(real)) throw new WorkspaceError(`path escapes the workspace through a symlink: ${full}`);
        return;
      }
    }
  }

  private lexical(requested: string): string {
    if (requested.includes('\0')) throw new WorkspaceError('path contains a NUL byte');
    const full = path.resolve(this.root, requested);
    if (!this.contains(full)) throw new WorkspaceError(`path escapes the workspace: ${requested}`);
    return full;
  }

  private contains(full: string): boolean {
    const relative = path.relative(this.root, full);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  }
}
