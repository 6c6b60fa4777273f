#!/usr/bin/env bash
# The prepared GPU check (docs/gpu.md): on a machine with a GPU, in under 8 minutes, seeds/hour of
# the full-size model (K6 L8 d96 h6 b256) on webgpu, and on tfjs-node-gpu when it loads, at
# populations P = 1, 8, 32, 64, with the adapter that ran, and what the full tier of the claim pack
# would cost on one such GPU. On a software adapter (lavapipe) it times the smoke size at
# P = 1, 4, 8 instead, so that the script can be checked on any machine.
#
#   scripts/gpu-check.sh [OUT_DIR]     (default: $OUT, else gpu-check/)
#
# Needs only what `npm ci` installs (no registry on the GPU machine: carry node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-${OUT:-gpu-check}}"
mkdir -p "$out"
started=$(date +%s)

echo "== GPU check, $(date -u +%FT%TZ), node $(node --version)"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/nvidia-smi.txt" || true
fi
adapter_json=$(node scripts/webgpu-adapter.mjs 2>/dev/null || true)
echo "$adapter_json" | tee "$out/adapter.json"
if [ -z "$adapter_json" ] || echo "$adapter_json" | grep -q '"adapter":null'; then
  echo "no WebGPU adapter: install a Vulkan driver (docs/ci.md, 'What a GPU runner needs')" >&2
  exit 1
fi

backends=webgpu
if node -e "import('@tensorflow/tfjs-node-gpu').then(() => process.exit(0), () => process.exit(1))" >/dev/null 2>&1; then
  backends=webgpu,tensorflow
fi
if echo "$adapter_json" | grep -qiE '"isFallbackAdapter":true|lavapipe|llvmpipe|swiftshader'; then
  echo "software adapter: timing the smoke size at P = 1, 4, 8 (a GPU times the full size at 1, 8, 32, 64)"
  size=smoke populations=1,4,8 minms=2000
else
  size=full populations=1,8,32,64 minms=4000
fi

# One window of each population per round, 2 rounds; the plain step's case first (the bench's table).
timeout 450 node bin/staircase.mjs bench --backends "$backends" --sizes "$size" --models standard \
  --populations "$populations" --windows 2 --min-ms "$minms" \
  --no-torch --no-sweep-rate --no-floor --no-tfjs-kernels --out "$out/gpu-bench.json" | tee "$out/gpu-bench.txt"

node scripts/gpu-tier-cost.mjs "$out/gpu-bench.json" | tee "$out/full-tier-cost.txt"
echo "== done in $(( $(date +%s) - started )) s; files in $out/"
