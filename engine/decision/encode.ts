/**
 * Serialises an input document for the wasm evaluator. JSON.stringify cannot write a bigint, and
 * a JS number cannot hold epoch nanoseconds exactly, so `time` is spliced in as exact JSON text.
 * The session and principal parts recur in every decision of a session, and a tool's description
 * in every decision about it: when they were made by frozenPart (or extendedPart), the text it
 * took is spliced in too. So is a payload whose text was taken, once for the decision, the
 * journal and the frame forwarded (protocol/message-text.ts).
 *
 * Given what the policy reads of its input (compiler/plan/input-reads.ts), members it never reads
 * are left out, and so are the unread members of a payload it reads only in part. Leaving in more
 * than it reads is always safe: the encoder keeps whatever costs less to write than to cut.
 */
import type { InputReads } from '../compiler/plan/input-reads.js';
import type { DecisionInput, TimeInfo } from './input.js';
import { Projection } from './projection.js';
import { deepFreeze } from '../protocol/deep-freeze.js';
import { holdsExactIntegers, PAYLOAD_KEYS, takenText } from '../protocol/message-text.js';
import { isNumberMarker, unmarkNumbers } from '../protocol/number-markers.js';

/** The JSON text of each frozenPart. */
const partText = new WeakMap<object, string>();
/** Objects made by extendedPart: the frozen part they extend, and what they add. */
const extensions = new WeakMap<object, { base: object; extras: object }>();

/**
 * A deep-frozen copy of `value`, whose JSON text is taken once, here, for every input that holds
 * it. Freezing is what makes that safe: the object cannot change after its text is taken. Only
 * objects made here have a text kept; any other object, frozen or not, is encoded every time.
 */
export function frozenPart<T extends object>(value: T): Readonly<T> {
  const part = deepFreeze(structuredClone(value));
  partText.set(part, JSON.stringify(part));
  return part;
}

/**
 * A copy of a frozenPart with members added (a tool's argument check, per call): its text is the
 * part's, taken once, with the added members' appended.
 */
export function extendedPart<T extends object, E extends object>(base: Readonly<T>, extras: E): T & E {
  const extended = { ...base, ...extras } as T & E;
  if (partText.has(base) && !Object.keys(extras).some((key) => Object.hasOwn(base, key))) extensions.set(extended, { base, extras });
  return extended;
}

/** The JSON text of a value that may be a frozenPart or an extendedPart. */
function partTextOf(part: object): string {
  const own = partText.get(part);
  if (own !== undefined) return own;
  const extension = extensions.get(part);
  if (extension === undefined) return JSON.stringify(part);
  const added = JSON.stringify(extension.extras);
  const base = partText.get(extension.base)!;
  if (added === '{}') return base;
  return base === '{}' ? added : `${base.slice(0, -1)},${added.slice(1)}`;
}

type Rest = Omit<DecisionInput, 'time' | 'session' | 'principal'>;

export function encodeInput(input: DecisionInput, reads: InputReads = true): string {
  const text = encodeParts(input, reads);
  // An id past 2^53 is a marker (protocol/number-markers.ts) until written: the policy reads the number.
  return isNumberMarker(input.id) || isNumberMarker(input.request?.id) ? unmarkNumbers(text) : text;
}

function encodeParts(input: DecisionInput, reads: InputReads): string {
  const { time, session, principal, ...rest } = input;
  const plan = reads === true ? undefined : planFor(reads);
  if (plan) narrowRest(rest, plan);
  const taken = takenPayloads(rest) + toolParts(rest);
  const body = JSON.stringify(rest);
  const tail = `${taken}${!plan || plan.session ? member('session', session) : ''}${!plan || plan.principal ? member('principal', principal) : ''}`
    + `${!plan || plan.time ? `"time":${encodeTime(time)},` : ''}`;
  if (body === '{}') return tail === '' ? '{}' : `{${tail.slice(0, -1)}}`;
  return tail === '' ? body : `${body.slice(0, -1)},${tail.slice(0, -1)}}`;
}

/** Every member of `rest`, in a record so that the compiler names any member added to DecisionInput and not here. */
const MEMBERS = Object.keys({
  direction: true, kind: true, method: true, id: true, params: true, result: true, error: true, request: true,
  tool: true, tools: true, upstream: true, candidates: true, namespaced: true,
} satisfies Record<keyof Rest, true>) as (keyof Rest)[];
/** The payloads, and the answered request's: the members whose size the peers decide. */
const NARROWED = [...PAYLOAD_KEYS, 'request'] as const;

/** What a policy's reads mean for an input, worked out once per reads object rather than once per decision. */
interface EncodingPlan {
  /** Members of `rest` that are not read. */
  unread: (keyof Rest)[];
  /** Payloads read in part, with how. */
  narrowed: Array<[key: (typeof NARROWED)[number], projection: Projection]>;
  session: boolean;
  principal: boolean;
  time: boolean;
}

const plans = new WeakMap<object, EncodingPlan>();

function planFor(reads: { readonly [key: string]: InputReads }): EncodingPlan {
  let plan = plans.get(reads);
  if (!plan) {
    const projection = Projection.of(reads);
    const narrowed: EncodingPlan['narrowed'] = [];
    for (const key of NARROWED) {
      const sub = projection.member(key);
      if (sub !== undefined && sub !== true) narrowed.push([key, sub]);
    }
    plan = {
      unread: MEMBERS.filter((key) => projection.member(key) === undefined),
      narrowed,
      session: projection.member('session') !== undefined,
      principal: projection.member('principal') !== undefined,
      time: projection.member('time') !== undefined,
    };
    plans.set(reads, plan);
  }
  return plan;
}

/**
 * Clears the members of `rest`, the caller's own copy, that are not read, and narrows the payloads
 * read in part (NARROWED). The other members are small: copying their parts costs more than the
 * policy's parsing of what that would leave out. A payload whose text was taken is narrowed only
 * when that leaves out one of its members: otherwise its text, written whole, is cheaper than
 * serialising a copy of the same members. One whose text holds integers its value holds only
 * rounded (protocol/exact-integers.ts) is never narrowed: only its text has them.
 */
function narrowRest(rest: Rest, plan: EncodingPlan): void {
  const members = rest as Record<string, unknown>;
  for (const key of plan.unread) if (members[key] !== undefined) members[key] = undefined;
  for (const [key, projection] of plan.narrowed) {
    const value = members[key];
    if (typeof value === 'object' && value !== null && !holdsExactIntegers(value) && (takenText(value) === undefined || projection.dropsMember(value))) {
      members[key] = projection.narrow(value);
    }
  }
}

/**
 * The payloads whose text was taken (protocol/message-text.ts) as `"key":text,` members. They are
 * cleared in `rest`, the caller's own copy, so that JSON.stringify leaves them out.
 */
function takenPayloads(rest: Rest): string {
  let text = '';
  for (const key of PAYLOAD_KEYS) {
    const value = rest[key];
    const taken = value === undefined ? undefined : takenText(value);
    if (taken === undefined) continue;
    text += `"${key}":${taken},`;
    rest[key] = undefined;
  }
  const request = rest.request;
  const taken = request?.params ? takenText(request.params) : undefined;
  if (request && taken !== undefined) {
    text += `"request":{"id":${JSON.stringify(request.id)},"params":${taken}},`;
    rest.request = undefined;
  }
  return text;
}

/**
 * The tool a message names, and the tools of a listing, as `"key":text,` members, cleared in
 * `rest`: the tool registry hands out each definition's description as a frozenPart (with the
 * call's argument check an extendedPart of it), so its text is taken once per definition rather
 * than once per message, and once per listed tool rather than once per listing.
 */
function toolParts(rest: Rest): string {
  let text = member('tool', rest.tool);
  rest.tool = undefined;
  const tools = rest.tools;
  if (tools !== undefined) {
    text += `"tools":{${Object.entries(tools).map(([name, tool]) => `${JSON.stringify(name)}:${partTextOf(tool)}`).join(',')}},`;
    rest.tools = undefined;
  }
  return text;
}

/** `"key":text,`, or nothing for a part that is absent (as JSON.stringify leaves it out). */
function member(key: string, part: object | undefined): string {
  return part === undefined ? '' : `"${key}":${partTextOf(part)},`;
}

function encodeTime(time: TimeInfo): string {
  return `{"ns":${time.ns.toString()},"rfc3339":${JSON.stringify(time.rfc3339)}}`;
}

const encoder = new TextEncoder();

/**
 * The SDK takes an ArrayBuffer as already-serialised JSON, which skips its own JSON.stringify.
 * The encoder's result normally owns its whole buffer; copying it (ArrayBuffer.slice) would cost
 * more than the encoding, so the copy is only made when the bytes are a view into a larger one.
 */
export function inputBuffer(inputJson: string): ArrayBuffer {
  const bytes = encoder.encode(inputJson);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}
