/**
 * A seccomp filter (classic BPF, as bwrap's `--seccomp FD` takes it) refusing to make a file or
 * directory setuid or setgid, as systemd's RestrictSUIDSGID does. Run by a warden that is root,
 * a server is uid 0 without capabilities: it still owns what it creates in a writable grant, so
 * `chmod 4755` on a copy of a shell left a setuid-root program on the host for any local user
 * who reaches the grant. The bits are refused on every call that sets a mode: chmod, creating a
 * file (open with O_CREAT or O_TMPFILE), a directory or a node. openat2 and io_uring, whose modes
 * the filter cannot see, are unavailable (ENOSYS: libc and libuv fall back to openat and threads).
 */

/** A syscall whose mode argument may not carry S_ISUID or S_ISGID; `flags`: only when that argument creates. */
interface ModeCall {
  nr: number;
  mode: number;
  flags?: number;
}

interface Arch {
  /** AUDIT_ARCH_* of the native ABI; a task of another ABI (i386, x32) is killed. */
  audit: number;
  modeCalls: readonly ModeCall[];
  /** Refused outright with ENOSYS: openat2, io_uring_setup. */
  unavailable: readonly number[];
  /** x86_64: syscall numbers at or above this are the x32 ABI's. */
  foreignFrom?: number;
}

const ARCHES: Readonly<Record<string, Arch>> = {
  x64: {
    audit: 0xc000003e,
    modeCalls: [
      { nr: 90, mode: 1 }, { nr: 91, mode: 1 }, { nr: 268, mode: 2 }, { nr: 452, mode: 2 }, // chmod, fchmod, fchmodat, fchmodat2
      { nr: 85, mode: 1 }, { nr: 2, flags: 1, mode: 2 }, { nr: 257, flags: 2, mode: 3 }, // creat, open, openat
      { nr: 83, mode: 1 }, { nr: 258, mode: 2 }, { nr: 133, mode: 1 }, { nr: 259, mode: 2 }, // mkdir, mkdirat, mknod, mknodat
    ],
    unavailable: [437, 425],
    foreignFrom: 0x40000000,
  },
  arm64: {
    audit: 0xc00000b7,
    modeCalls: [
      { nr: 52, mode: 1 }, { nr: 53, mode: 2 }, { nr: 452, mode: 2 }, // fchmod, fchmodat, fchmodat2
      { nr: 56, flags: 2, mode: 3 }, { nr: 34, mode: 2 }, { nr: 33, mode: 2 }, // openat, mkdirat, mknodat
    ],
    unavailable: [437, 425],
  },
};

const S_ISUID_ISGID = 0o6000;
/** O_CREAT and __O_TMPFILE, the same on x86_64 and arm64. */
const CREATES = 0o100 | 0o20000000;
const EPERM = 1;
const ENOSYS = 38;

const LD_ABS_W = 0x20;
const JEQ = 0x15;
const JGE = 0x35;
const JSET = 0x45;
const RET = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
/** struct seccomp_data: nr, arch, then the arguments (64-bit each; their low half first, little-endian). */
const NR = 0;
const ARCH = 4;
const arg = (index: number): number => 16 + 8 * index;

type Instruction = [code: number, jt: number, jf: number, k: number];

/** Whether this machine's architecture has a filter; elsewhere warden says so and runs without one. */
export function hasSetuidFilter(arch: string = process.arch): boolean {
  return ARCHES[arch] !== undefined;
}

/** The filter for `arch` (Node's process.arch), as the bytes bwrap reads from its --seccomp descriptor. */
export function setuidFilter(arch: string = process.arch): Uint8Array {
  const spec = ARCHES[arch];
  if (spec === undefined) throw new Error(`no setuid filter for the ${arch} architecture`);
  const program: Instruction[] = [
    [LD_ABS_W, 0, 0, ARCH],
    [JEQ, 1, 0, spec.audit],
    [RET, 0, 0, RET_KILL_PROCESS],
    [LD_ABS_W, 0, 0, NR],
  ];
  if (spec.foreignFrom !== undefined) program.push([JGE, 0, 1, spec.foreignFrom], [RET, 0, 0, RET_KILL_PROCESS]);
  for (const nr of spec.unavailable) program.push([JEQ, 0, 1, nr], [RET, 0, 0, RET_ERRNO | ENOSYS]);
  for (const call of spec.modeCalls) program.push(...modeCheck(call));
  program.push([RET, 0, 0, RET_ALLOW]);
  return encode(program);
}

/**
 * Refuses the call when its mode has a set-id bit (and, for open, the call creates). Ends with the
 * number reloaded, so the next check starts from it.
 */
function modeCheck(call: ModeCall): Instruction[] {
  const mode: Instruction[] = [
    [LD_ABS_W, 0, 0, arg(call.mode)],
    [JSET, 0, 1, S_ISUID_ISGID],
    [RET, 0, 0, RET_ERRNO | EPERM],
    [LD_ABS_W, 0, 0, NR],
  ];
  // Not creating: the mode argument is unused (and may hold anything); skip to the reload.
  const flags: Instruction[] = call.flags === undefined ? [] : [[LD_ABS_W, 0, 0, arg(call.flags)], [JSET, 0, mode.length - 1, CREATES]];
  const body = [...flags, ...mode];
  return [[JEQ, 0, body.length, call.nr], ...body];
}

function encode(program: readonly Instruction[]): Uint8Array {
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach(([code, jt, jf, k], at) => {
    bytes.writeUInt16LE(code, at * 8);
    bytes.writeUInt8(jt, at * 8 + 2);
    bytes.writeUInt8(jf, at * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, at * 8 + 4);
  });
  return bytes;
}
