// Evaluation glue behind the generated opa_eval / eval exports, and the evaluation context
// of the pre-1.2 ABI. Context layout: input +0, data +4, entrypoint +8, result +12.
import { allocZeroed, opa_heap_ptr_set } from "./alloc";
import { opa_value_parse } from "./json-parse";
import { opa_json_dump, opa_value_dump } from "./json-dump";
import { opa_set } from "./set";

export function opa_eval_ctx_new(): usize {
  return allocZeroed(16);
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void {
  store<usize>(ctx, v);
}

export function opa_eval_ctx_set_data(ctx: usize, v: usize): void {
  store<usize>(ctx, v, 4);
}

export function opa_eval_ctx_set_entrypoint(ctx: usize, e: i32): void {
  store<i32>(ctx, e, 8);
}

export function opa_eval_ctx_get_result(ctx: usize): usize {
  return load<usize>(ctx, 12);
}

export function warden_ctx_input(ctx: usize): usize {
  return load<usize>(ctx);
}

export function warden_ctx_data(ctx: usize): usize {
  return load<usize>(ctx, 4);
}

export function warden_ctx_entrypoint(ctx: usize): i32 {
  return load<i32>(ctx, 8);
}

export function warden_ctx_set_result(ctx: usize, v: usize): void {
  store<usize>(ctx, v, 12);
}

// As OPA's opa_eval: the heap restarts at heap_ptr (just above the input the host wrote) and
// the input is read with the value parser. No input, or unparsable input, gives 0.
export function warden_eval_begin(heap_ptr: usize, input_addr: usize, input_len: i32): usize {
  opa_heap_ptr_set(heap_ptr);
  if (!input_addr || input_len <= 0) return 0;
  return opa_value_parse(input_addr, input_len);
}

// Format 0 is JSON, 1 is Rego value syntax. The result set (a set) dumps as an array in JSON.
export function warden_eval_end(result_set: usize, format: i32): usize {
  let rs = result_set ? result_set : opa_set();
  return format == 1 ? opa_value_dump(rs) : opa_json_dump(rs);
}
