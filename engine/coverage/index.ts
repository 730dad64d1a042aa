/**
 * Line coverage of Rego policies, measured on the exact wasm production runs: compile with
 * `coverage: true`, evaluate through the SDK, then read the hits and build OPA's report.
 */
export type { CoverageSites } from '../compiler/index.js';
export { readCoverageHits } from './read-hits.js';
export { coverageReport, type CoverageReport, type CoverageRange, type FileCoverage } from './report.js';
export { thresholdMessage } from './threshold-message.js';
