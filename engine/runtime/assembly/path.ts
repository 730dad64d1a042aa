// Writing at a path of object keys: the ABI's in-place add/remove used by SDKs for data
// updates, and the copying upsert generated code uses for ref heads (`a.b[c] := x`).
import { T_ARRAY, T_OBJECT, colLen, typeOf } from "./value";
import { arrAt } from "./array";
import { opa_object, objGet, opa_object_insert, objRemove, objKeyAt, objValAt } from "./object";

// Error codes as in OPA's runtime.
const ERR_OK = 0;
const ERR_INVALID_TYPE = 2;
const ERR_INVALID_PATH = 3;

function isObject(v: usize): bool {
  return v != 0 && typeOf(v) == T_OBJECT;
}

function validPath(path: usize): bool {
  return path != 0 && typeOf(path) == T_ARRAY;
}

export function opa_value_add_path(base: usize, path: usize, value: usize): i32 {
  if (!validPath(path)) return ERR_INVALID_PATH;
  if (!isObject(base)) return ERR_INVALID_TYPE;
  let n = colLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i = 0; i < n - 1; i++) {
    let next = objGet(cur, arrAt(path, i));
    if (!next) {
      next = opa_object();
      opa_object_insert(cur, arrAt(path, i), next);
    } else if (!isObject(next)) {
      return ERR_INVALID_TYPE;
    }
    cur = next;
  }
  opa_object_insert(cur, arrAt(path, n - 1), value);
  return ERR_OK;
}

export function opa_value_remove_path(base: usize, path: usize): i32 {
  if (!validPath(path)) return ERR_INVALID_PATH;
  let n = colLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i = 0; i < n - 1; i++) {
    if (!isObject(cur)) return ERR_INVALID_PATH;
    cur = objGet(cur, arrAt(path, i));
  }
  if (!isObject(cur) || !objRemove(cur, arrAt(path, n - 1))) return ERR_INVALID_PATH;
  return ERR_OK;
}

export function copyObject(obj: usize): usize {
  let out = opa_object();
  let n = colLen(obj);
  for (let i = 0; i < n; i++) opa_object_insert(out, objKeyAt(obj, i), objValAt(obj, i));
  return out;
}

function upsertFrom(base: usize, path: usize, i: i32, value: usize): usize {
  if (i == colLen(path)) return value;
  let out = isObject(base) ? copyObject(base) : opa_object();
  let key = arrAt(path, i);
  opa_object_insert(out, key, upsertFrom(objGet(out, key), path, i + 1, value));
  return out;
}

// Only the objects along the path are copied; everything else is shared with base.
export function warden_upsert_path(base: usize, path: usize, value: usize): usize {
  if (!validPath(path)) return 0;
  return upsertFrom(base, path, 0, value);
}
