export {
  buildInput, toolNameOf,
  type DecisionInput, type InputContext, type Direction, type TimeInfo, type Principal,
  type SessionInfo, type ToolInfo, type AnsweredRequest,
} from './input.js';
export { timeInfo } from './clock.js';
export { encodeInput, inputBuffer } from './encode.js';
export { checkDecisionDocument, decisionDocumentSchema, type DecisionDocument, type DocumentCheck, type RedactionPath } from './document.js';
export { verdictFor, failClosed, NOT_ALLOWED, type Verdict, type Decider, type Decided } from './verdict.js';
export { WRAPPER_SOURCE, WRAPPER_FILE, DECISION_ENTRYPOINT, RESERVED_PACKAGE, LISTING_DENY, POLICY_PACKAGE } from './wrapper.js';
export { INPUT_SCHEMAS } from './input-schema.js';
