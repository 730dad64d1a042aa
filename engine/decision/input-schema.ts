/**
 * The policy contract's input document as JSON Schema, keyed by the package it types: the type
 * checker checks `input` refs in package `mcp` against it, so `input.parms.name` is a compile
 * error instead of a rule that silently never fires.
 */
import inputSchema from './input.schema.json' with { type: 'json' };
import { POLICY_PACKAGE } from './wrapper.js';

export const INPUT_SCHEMAS: Readonly<Record<string, unknown>> = { [POLICY_PACKAGE]: inputSchema };
