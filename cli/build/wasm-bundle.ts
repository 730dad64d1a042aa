/**
 * The bundle `opa build -t wasm` writes, for the wasm warden compiled: `/data.json` (the data
 * document), `/policy.wasm`, and `/.manifest` naming each entrypoint's module, so `opa run`,
 * OPA's SDKs and `tar -xzf bundle.tar.gz /policy.wasm` take it as they take OPA's. OPA also
 * keeps the Rego sources, rewritten without the entrypoint rules; warden's bundle holds only
 * the compiled policy, which answers every entrypoint.
 */
import { tarGz } from './tar-archive.js';

export interface WasmBundle {
  wasm: Uint8Array;
  /** The data document's JSON text. */
  dataText: string;
  entrypoints: readonly string[];
  regoVersion: 0 | 1;
}

const MODULE = '/policy.wasm';

export function wasmBundle(bundle: WasmBundle): Buffer {
  const manifest = {
    revision: '',
    roots: [''],
    wasm: bundle.entrypoints.map((entrypoint) => ({ entrypoint, module: MODULE })),
    rego_version: bundle.regoVersion,
  };
  return tarGz([
    { name: '/data.json', bytes: Buffer.from(bundle.dataText, 'utf8') },
    { name: MODULE, bytes: bundle.wasm },
    { name: '/.manifest', bytes: Buffer.from(JSON.stringify(manifest), 'utf8') },
  ]);
}
