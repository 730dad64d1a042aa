// State of one sprintf directive (flags, width, precision) and the width padding every verb
// shares. Go's fmt rules: '-' pads on the right and disables '0'; '0' pads with zeros on the
// left; width counts code points. For %v the '+' and '#' flags mean something else (Go syntax),
// so they move to PLUS_V/SHARP_V and stop affecting number signs.
import { bufByte, bufBytes } from "../buf";
import { countCodePoints } from "../utf8";

export let MINUS = false;
export let PLUS = false;
export let SHARP = false;
export let SPACE = false;
export let ZERO = false;
export let PLUS_V = false;
export let SHARP_V = false;
export let WIDTH = 0;
export let HAS_WIDTH = false;
export let PREC = 0;
export let HAS_PREC = false;

export function clearSpec(): void {
  MINUS = PLUS = SHARP = SPACE = ZERO = PLUS_V = SHARP_V = false;
  HAS_WIDTH = HAS_PREC = false;
  WIDTH = PREC = 0;
}

// Returns false when c is not a flag character.
export function setFlag(c: u32): bool {
  switch (c) {
    case 0x23: SHARP = true; return true;
    case 0x30: ZERO = !MINUS; return true;
    case 0x2b: PLUS = true; return true;
    case 0x2d: MINUS = true; ZERO = false; return true;
    case 0x20: SPACE = true; return true;
  }
  return false;
}

// A negative width (from a '*' argument) means left alignment.
export function setWidth(w: i32): void {
  HAS_WIDTH = true;
  WIDTH = w;
  if (w < 0) {
    WIDTH = -w;
    MINUS = true;
    ZERO = false;
  }
}

export function setPrec(p: i32): void {
  HAS_PREC = p >= 0;
  PREC = p >= 0 ? p : 0;
}

export function useVerbV(): void {
  SHARP_V = SHARP;
  SHARP = false;
  PLUS_V = PLUS;
  PLUS = false;
}

export function padding(b: usize, n: i32, zeros: bool): void {
  let c: u32 = zeros && !MINUS ? 0x30 : 0x20;
  for (let i = 0; i < n; i++) bufByte(b, c);
}

// Writes n bytes at p, padded to WIDTH; `zeros` says whether '0' may apply to this text.
export function padText(b: usize, p: usize, n: i32, zeros: bool): void {
  let fill = HAS_WIDTH ? WIDTH - countCodePoints(p, n) : 0;
  if (!MINUS) padding(b, fill, zeros && ZERO);
  bufBytes(b, p, n);
  if (MINUS) padding(b, fill, false);
}
