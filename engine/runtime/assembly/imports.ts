// Host functions of the OPA wasm ABI. The encoder relies on every one of them being imported,
// so each is referenced from an exported function (see host.ts).

@external("env", "opa_abort")
export declare function opa_abort(addr: usize): void;

@external("env", "opa_println")
export declare function opa_println(addr: usize): void;

@external("env", "opa_builtin0")
export declare function opa_builtin0(id: i32, ctx: usize): usize;

@external("env", "opa_builtin1")
export declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;

@external("env", "opa_builtin2")
export declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;

@external("env", "opa_builtin3")
export declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;

@external("env", "opa_builtin4")
export declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;
