#!/usr/bin/env bash
# GPU readiness, for a user with an NVIDIA GPU: build the cuda profile (DJL 0.32.0, PyTorch 2.5.1, cu124; a 2.5 GB
# native jar is downloaded once) and run `badit gpu-check`, which writes one JSON: engine and device, the shared
# oracle checkpoints' logits on the GPU in float32 / float16 / bfloat16 against the reference, verify-init,
# bench-methods, bench-model and a short train + eval. Send the JSON back with an issue.
#
#   examples/scripts/gpu-readiness.sh [results.json] [oracle dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-gpu-readiness.json}"
oracle="${2:-../shared/oracle}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi not found"
mvn -B -q -Pcuda package -DskipTests
java -jar examples/target/badit.jar gpu-check --oracle "$oracle" --out "$out"
