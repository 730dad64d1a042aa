export { Mediator, type ChannelStarts, type MediatorOptions, type StopReason } from './mediator.js';
export type { MessageChannel, Side, Outgoing } from './channel.js';
export { decisionEntry, type DecisionJournal, type DecisionRecord, type Action } from './audit.js';
export { POLICY_DENIED, denialError } from './denial.js';
export { filterToolList, type FilteredTools } from './tool-filter.js';
export { redact, REDACTED, type Redacted } from './redact.js';
export { translateCancellation, CANCELLED } from './cancellation.js';
export { planMessage, JOURNAL_FAILED, UNKNOWN_RESPONSE, type Plan, type PlanContext } from './plan.js';
