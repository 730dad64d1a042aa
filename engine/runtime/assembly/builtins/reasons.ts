// OPA's wording of why a native builtin failed: the facts come from OPA's documented behaviour
// and the messages its conformance suite expects. One table, so that every builtin words the
// same failure the same way (builtins/failure.ts composes the message).

// What an operand must be: `operand N must be <this> but got <type>`.
export const NUMBER = "number";
export const STRING = "string";
export const ARRAY = "array";
export const OBJECT = "object";
export const SET = "set";
export const BOOLEAN = "boolean";
export const NULL = "null";
export const INTEGER = "integer number";
export const UNSIGNED = "an unsigned integer number";
export const NUMBER_STRING = "valid number string";
export const NUMBER_OR_SET = "one of {number, set}";
export const COUNTABLE = "one of {array, object, set, string}";
export const KEY_LIST = "one of {object, set, array}";
export const NODE_LIST = "one of {set, array}";
export const ARRAY_OR_SET = "one of {array, set}";

// What it got, where OPA names more than the type.
export const GOT_FLOAT = "floating-point number";
export const GOT_NEGATIVE = "a negative integer";

// Whole messages.
export const DIVIDE_BY_ZERO = "divide by zero";
export const MODULO_BY_ZERO = "modulo by zero";
export const MODULO_FLOAT = "modulo on floating-point number";
export const INVALID_SYNTAX = "invalid syntax";
export const NEGATIVE_OFFSET = "negative offset";
export const BAD_BASE = "operand 2 must be one of {2, 8, 10, 16}";
