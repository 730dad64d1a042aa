#!/usr/bin/env bash
# Private build for parallel work: tsc into .dev/NAME/dist (with runtime.wasm and test fixtures),
# then runs the uvu tests matching PATTERN there. Usage: [DEVBUILD_RUNTIME=1] scripts/devbuild.sh NAME [PATTERN]
set -euo pipefail
name=$1; pattern=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.dev/$name/dist"
cd "$root"
[ -f dist/runtime.wasm ] || node node_modules/assemblyscript/bin/asc.js engine/runtime/assembly/index.ts --config engine/runtime/asconfig.json
rm -rf "$out"; mkdir -p "$out"
node node_modules/typescript/bin/tsc -p tsconfig.json --outDir "$out" || echo "devbuild: tsc reported errors (above); running what was emitted"
# DEVBUILD_RUNTIME=1: the AssemblyScript runtime is built from this tree too (for runtime changes).
if [ "${DEVBUILD_RUNTIME:-}" = 1 ]; then
  node node_modules/assemblyscript/bin/asc.js engine/runtime/assembly/index.ts --config engine/runtime/asconfig.json -o "$out/runtime.wasm"
else
  cp dist/runtime.wasm "$out/runtime.wasm"
fi
(cd test && find . -type f ! -name '*.ts' ! -name '*.mjs' -exec install -D -m 644 {} "$out/test/{}" \;)
if [ -n "$pattern" ]; then
  NO_COLOR=1 node node_modules/uvu/bin.js "$out/test" "$pattern" -i "\\.d\\.ts$" -i "\\.map$"
fi
