/**
 * What the approvals log amounts to: per upstream and tool, the definition hash approved last
 * (and by whom, when), unless a later record revoked it. Records apply in log order.
 */
import type { ApprovalRecord } from './record.js';

export interface Approval {
  hash: string;
  by: string;
  at: string;
  /** The record that made it. */
  id: string;
}

export class Approvals {
  readonly #byUpstream = new Map<string, Map<string, Approval>>();

  constructor(records: Iterable<ApprovalRecord> = []) {
    for (const record of records) this.apply(record);
  }

  apply(record: ApprovalRecord): void {
    let tools = this.#byUpstream.get(record.upstream);
    if (record.op === 'revoke') {
      tools?.delete(record.tool);
      return;
    }
    if (!tools) this.#byUpstream.set(record.upstream, tools = new Map());
    tools.set(record.tool, { hash: record.hash!, by: record.by, at: record.at, id: record.id });
  }

  get(upstream: string, tool: string): Approval | undefined {
    return this.#byUpstream.get(upstream)?.get(tool);
  }
}
