/**
 * What a segment's first line carries besides naming the journal and the segment, so that an
 * open can resume from the newest segment alone (resume-newest.ts): the tree's frontier before
 * it (the perfect subtree roots over every earlier line) and the signing key the journal last
 * announced. That open checks both against signed checkpoints before it relies on them.
 */
import type { MerkleFrontier } from './merkle.js';

export function segmentHeader(journalId: string, index: number, at: { frontier: MerkleFrontier; announcedKey?: string }): Record<string, unknown> {
  return {
    kind: 'segment-open',
    journal: journalId,
    segment: index,
    frontier: at.frontier.subtrees(),
    ...(at.announcedKey === undefined ? {} : { key: at.announcedKey }),
  };
}

/** The verifier key one of the journal's own entries announces: its open's, or the one a rotation turns to. */
export function announcedBy(fields: Record<string, unknown>): string | undefined {
  if (fields.kind === 'journal-open' && typeof fields.key === 'string') return fields.key;
  if (fields.kind === 'key-rotate' && typeof fields.to === 'string') return fields.to;
  return undefined;
}
