import type { Journal } from '../../../engine/journal/types.js';
import type { DecisionJournal } from '../../../engine/mediator/audit.js';
import type { PolicyJournal } from '../../../engine/policy/reload.js';
import type { MessageChannel } from '../../../engine/mediator/channel.js';
declare const j: Journal;
export const a: DecisionJournal = j;
export const b: PolicyJournal = j;
