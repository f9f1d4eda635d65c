#!/usr/bin/env bash
# The BADIT evidence study (docs/evidence.md): seeds, a learning-rate grid tuned on a validation split, mixed and
# sequential training, paired tests of BADIT against every baseline, and the ablation rows — on the demo's synthetic
# suite and on the 15-task SuperNI benchmark, both with the demo's pre-trained base model.
#
#   bash examples/scripts/evidence-study.sh [OUT]        (OUT: default runs/evidence)
#
# Knobs (environment): SEEDS (3), LR_GRID (1e-3,3e-3), STEPS (300, the demo's budget; docs/evidence.md §3 used 100
# to fit a session), TEST (60 test instances per task; 30 in §3), PARADIGMS (mixed,sequential), SUITES (demo,cl15),
# CL15 (../shared/data/superni-cl15), JAR (examples/target/badit.jar). Build the jar first:
#   mvn -B -q package -DskipTests
set -euo pipefail
OUT=${1:-runs/evidence}
JAR=${JAR:-examples/target/badit.jar}
SEEDS=${SEEDS:-3}
LR_GRID=${LR_GRID:-1e-3,3e-3}
PARADIGMS=${PARADIGMS:-mixed,sequential}
SUITES=${SUITES:-demo,cl15}
CL15=${CL15:-../shared/data/superni-cl15}
METHODS=${METHODS:-lora,pissa,loramoe,badit-nodog,badit}
STEPS=${STEPS:-300}
TEST=${TEST:-60}
CACHE=${BADIT_CACHE:-$HOME/.cache/badit}
mkdir -p "$OUT"

# 1. The demo's data and base model (pre-trained once and cached; a one-step run just materialises both).
java -jar "$JAR" demo --output "$OUT/demo-setup" --methods lora --paradigms mixed --steps 1 > "$OUT/demo-setup.log" 2>&1
BASE=$(ls -d "$CACHE"/demo-base-* | sort | tail -1)
echo "base model: $BASE"

# Settings shared by every run: the demo's budget (K·r = 16 on all linear layers, 300 steps, sequence router).
cat > "$OUT/study.yaml" <<YAML
experts: 4
rank: 4
alpha: 8
targets: all-linear
router: sequence
warmup_ratio: 0.05
max_steps: $STEPS
max_test_instances: $TEST
continual_test_instances: 20
sequential_steps: total
batch_size: 16
max_prompt_tokens: 192
max_target_tokens: 24
max_new_tokens: 16
eval_batch_size: 60
log_every: 10
seed: 7
YAML

run_study() { # name data extra-settings...
  local name=$1 data=$2; shift 2
  java -jar "$JAR" compare --config "$OUT/study.yaml" --model "$BASE" --data "$data" "$@" \
      --methods "$METHODS" --variant badit-nobad=badit-nobad --variant badit-static=badit:router=static \
      --variant badit-literal-dog=badit:dog_orthogonalize=false --variant "badit-K2=badit:experts=2;rank=8" \
      --seeds "$SEEDS" --lr-grid "$LR_GRID" --paradigms "$PARADIGMS" --reference badit \
      --output "$OUT/$name" 2>&1 | tee "$OUT/$name.log" | grep -E "^(mixed|sequential|caveat|report)|vs " || true
}
[[ ,$SUITES, == *,demo,* ]] && run_study demo "$OUT/demo-setup/data"
[[ ,$SUITES, == *,cl15,* ]] && run_study cl15 "$CL15" --set max_train_instances=200
echo "reports: $OUT/*/report/report.md"
