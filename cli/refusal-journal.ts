/**
 * Journals the callers listeners and the gateway refuse. A refused caller who authenticated is
 * journaled every time, like each of its messages. One who did not costs an attacker nothing
 * to repeat, so it passes a RefusalLimiter first; the refusals it holds back are journaled
 * together as one `refusals-suppressed` entry a minute after the first of them (and at close), so
 * the journal stays truthful about every refusal without growing with each. The caller is
 * refused either way: only the journaling is bounded.
 */
import type { Journal } from '../engine/journal/index.js';
import type { Rejection } from '../transports/contract.js';
import { refusalEntry } from './refusal-entry.js';
import { RefusalLimiter } from './refusal-limiter.js';

export interface RefusalJournalOptions {
  journal: Journal;
  /** The digest of the policy in force, recorded with each refusal. */
  policyDigest: () => string | null;
  /** An entry could not be written: the gateway must stop (fail closed). */
  onFailure: (error: unknown) => void;
  limiter?: RefusalLimiter;
  /** How long suppressed refusals are counted before their summary is written (default 60 s). */
  summaryAfterMs?: number;
  now?: () => number;
}

/** The source of a refusal whose listener knows no peer address. */
const UNKNOWN_SOURCE = 'unknown';

export class RefusalJournal {
  readonly #options: RefusalJournalOptions;
  readonly #limiter: RefusalLimiter;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RefusalJournalOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#limiter = options.limiter ?? new RefusalLimiter(undefined, this.#now());
  }

  /** Resolves once the refusal is journaled, or counted for a summary. */
  async record(rejection: Rejection): Promise<void> {
    // Refused while the gateway stops, after its journal closed: a denial either way.
    if (this.#closed) return;
    if (rejection.principal === undefined && !this.#admit(rejection)) return;
    await this.#append(refusalEntry(this.#options.journal, rejection, this.#options.policyDigest()));
  }

  /** Writes the summary of what is still counted; nothing is journaled after. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#summarize();
  }

  #admit(rejection: Rejection): boolean {
    if (this.#limiter.admit(rejection.source ?? UNKNOWN_SOURCE, rejection.code, this.#now())) return true;
    this.#timer ??= setTimeout(() => void this.#summarize(), this.#options.summaryAfterMs ?? 60_000).unref();
    return false;
  }

  async #summarize(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const summary = this.#limiter.takeSummary();
    if (summary) await this.#append({ kind: 'refusals-suppressed', ...summary });
  }

  async #append(entry: Parameters<Journal['append']>[0]): Promise<void> {
    try {
      await this.#options.journal.append(entry);
    } catch (error) {
      this.#options.onFailure(error);
    }
  }
}
