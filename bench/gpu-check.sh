#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU and its driver (run it as it is, from a clone):
#
#   bash bench/gpu-check.sh [--no-dag] [OUT]        (OUT defaults to reports/gpu-check)
#
#   1. sets up @tensorflow/tfjs-node-gpu (npm run setup:native -- --gpu: the CUDA build of libtensorflow and
#      the CUDA libraries from PyPI's wheels; the driver comes from the host);
#   2. prints the device: nvidia-smi, and what the project's backend and engine choice make of it;
#   3. runs the training bench with tfjs on node-gpu beside the fused engine (and PyTorch, JAX where installed);
#   4. runs the whole DAG on node-gpu (--backend node-gpu --engine tfjs) in a clone of this commit, so that
#      this checkout's cache and report stay as they are (--no-dag skips it: it is the long part);
#   5. compares that report with the committed one, which the fused engine on CPUs produced: figure data,
#      verdicts and claim numbers (npm run report:check's drift gate; differences are expected within the
#      engines' tolerance, and a changed verdict is what to look at).
# Everything it prints is also written under OUT. It stops at the first step that fails, saying which.
set -uo pipefail
cd "$(dirname "$0")/.."
dag=true
if [ "${1:-}" = "--no-dag" ]; then
  dag=false
  shift
fi
out=$(realpath -m "${1:-reports/gpu-check}")
mkdir -p "$out"
step() { echo "=== gpu-check: $*" >&2; }
fail() {
  echo "=== gpu-check: FAILED at $*" >&2
  exit 1
}

[ -d node_modules ] || npm ci --no-audit --no-fund || fail "npm ci"

step "1/5 setup: npm run setup:native -- --gpu"
npm run -s setup:native -- --gpu 2>&1 | tee "$out/setup.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "the setup (see $out/setup.log)"

step "2/5 the device"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1 || echo "nvidia-smi failed"
  npx tsx bench/device.ts
} 2>&1 | tee "$out/device.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "the device: the node-gpu backend is not available (see $out/device.txt)"

step "3/5 the bench: tfjs on node-gpu beside the fused engine"
npm run -s bench -- --engines tfjs-node-gpu,fused --out "$out/bench" | tee "$out/bench.md"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "the bench"

if [ "$dag" = true ]; then
  step "4/5 the whole DAG on node-gpu, in a clone of $(git rev-parse --short HEAD)"
  copy=$(mktemp -d)/repo
  git clone -q . "$copy" || fail "git clone"
  ln -s "$PWD/node_modules" "$copy/node_modules"
  start=$(date +%s)
  (cd "$copy" && npm run -s reproduce -- --backend node-gpu --engine tfjs) 2>&1 | tee "$out/reproduce.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "the DAG on node-gpu (see $out/reproduce.log)"
  echo "the whole DAG on node-gpu: $(($(date +%s) - start)) s" | tee -a "$out/reproduce.log"

  step "5/5 figure data, verdicts and claim numbers against the committed (CPU, fused engine) report"
  (cd "$copy" && npx tsx main.ts drift) 2>&1 | tee "$out/drift.txt"
  cp -r "$copy/reports/replication" "$out/report-node-gpu"
  [ -d "$copy/reports/drift" ] && cp -r "$copy/reports/drift" "$out/drift"
  rm -rf "$(dirname "$copy")"
else
  step "4/5 and 5/5 skipped (--no-dag)"
fi
step "done: $out"
