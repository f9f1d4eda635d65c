#!/bin/bash
# The per-group vs all-together runs of docs/clustering.md (demo suite, LoRA K·r = 16, demo settings, seeds 1-3):
# all tasks together (100 steps, and 500 steps: the compute of the full-budget grouped run), per group with
# --group-budget split (100 steps in all) and same (100 steps per group). Usage: docs/grouping/evidence.sh BASE_MODEL DEMO_DATA GROUPS_JSON OUT   (from the repository root)
set -e
B=$1; DATA=$2; GROUPS=$3; OUT=$4
J="nice -n 10 java -jar examples/target/badit.jar"
S="--model $B --data $DATA --method lora --experts 4 --rank 4 --targets all-linear --lr 3e-3 --batch-size 16 --steps 100 --set warmup_ratio=0.05 --set max_prompt_tokens=192 --set max_target_tokens=24 --set max_new_tokens=16 --set eval_batch_size=60 --set log_every=10"
for seed in 1 2 3; do
  $J train $S --seed $seed --output $OUT/all-s$seed
  $J eval --run $OUT/all-s$seed
  $J train $S --seed $seed --task-groups $GROUPS --group-budget split --output $OUT/split-s$seed
  $J eval --run $OUT/split-s$seed
  $J train $S --seed $seed --task-groups $GROUPS --group-budget same --output $OUT/same-s$seed
  $J eval --run $OUT/same-s$seed
  $J train ${S/--steps 100/--steps 500} --seed $seed --output $OUT/all500-s$seed
  $J eval --run $OUT/all500-s$seed
done
