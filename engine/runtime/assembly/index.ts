// Entry point: the exports listed in engine/runtime/README.md, under exactly those names.
export { warden_heap_ptr, opa_malloc, opa_free, opa_heap_ptr_get, opa_heap_ptr_set, opa_heap_blocks_stash, opa_heap_stash_clear, opa_heap_blocks_restore, warden_fuel_start } from "./alloc";
export { warden_fuel } from "./fuel";
export { opa_null, opa_boolean, opa_string, opa_value_type, opa_value_boolean, warden_null_value, warden_true_value, warden_false_value } from "./value";
export { opa_number_int, opa_number_float, opa_number_ref } from "./number";
export { opa_array, opa_array_with_cap, opa_array_append } from "./array";
export { opa_object, opa_object_insert, warden_object_insert_once } from "./object";
export { opa_set, opa_set_add } from "./set";
export { opa_value_get, opa_value_length, opa_value_iter } from "./access";
export { opa_value_compare, opa_value_equal } from "./compare";
export { opa_json_parse, opa_value_parse } from "./json-parse";
export { opa_json_dump, opa_value_dump } from "./json-dump";
export {
  opa_eval_ctx_new, opa_eval_ctx_set_input, opa_eval_ctx_set_data, opa_eval_ctx_set_entrypoint, opa_eval_ctx_get_result,
  warden_ctx_input, warden_ctx_data, warden_ctx_entrypoint, warden_ctx_set_result, warden_eval_begin, warden_eval_end,
} from "./eval";
export { warden_host_builtin, warden_println } from "./host";
export { warden_builtin_abort, warden_builtin_failure_clear } from "./builtins/failure";
export { opa_value_add_path, opa_value_remove_path, warden_upsert_path } from "./path";
export { warden_object_merge } from "./merge";
export { warden_array_to_set } from "./convert";
export { warden_print } from "./print";
export * from "./builtins/arithmetic";
export * from "./builtins/rounding";
export * from "./builtins/comparison";
export * from "./builtins/aggregates";
export * from "./builtins/sets";
export * from "./builtins/types";
export * from "./builtins/casts";
export * from "./builtins/strings";
export * from "./builtins/case";
export * from "./builtins/trim";
export * from "./builtins/strconv";
export * from "./builtins/arrays";
export * from "./builtins/objects";
export * from "./builtins/membership";
export * from "./builtins/bits";
export * from "./builtins/sprintf";
export * from "./builtins/json";
export * from "./builtins/walk";
export * from "./builtins/graph";
export * from "./builtins/subset";
export * from "./builtins/regex";
