export { Session, type SessionOptions } from './session.js';
export { IdAllocator, IdMap, type Mapping } from './id-map.js';
export { PendingRequests, type PendingRequest } from './pending.js';
export { ToolRegistry, type ToolRecord } from './registry.js';
export { toolDefinitionHash } from './tool-hash.js';
export { localPrincipal, anonymousPrincipal, type Principal } from './principal.js';
