#!/usr/bin/env bash
# A sweep as a Slurm job array on a one-node cluster (scripts/slurm-local.sh):
# twelve points of tests/golden/data/sweep.yaml in four shards, merged by the
# job that depends on the array, byte for byte the local sweep's tables. Then
# a second submission with one array task cancelled (scancel): --status names
# its shard, and submitting again runs exactly that task and completes the
# sweep. Exit 77 (skipped) only when Slurm or munge is not installed.
#   slurm_sweep.sh SCALELAB_CLI SOURCE_DIR
set -euo pipefail
cli=$1
src=$2
PATH="$PATH:/usr/sbin"
for bin in munged slurmctld slurmd sbatch squeue scancel scontrol; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "SKIP: $bin is not installed (scripts/install-deps.sh installs slurm-wlm and munge)"
    exit 77
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-slurm-XXXXXX")
cleanup() {
  "$src/scripts/slurm-local.sh" stop "$scratch/cluster" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
"$src/scripts/slurm-local.sh" start "$scratch/cluster"
export SLURM_CONF="$scratch/cluster/slurm.conf"

study="$src/tests/golden/data/sweep.yaml"
# Twelve points (three instance counts x four rates), one replication of 10 s.
sets=(--set 'sweep.parameters.1.values=[20, 40, 60, 80]' --set run.duration=10s --set run.replications=1)
fail() { echo "FAIL: $*"; for f in "$scratch"/cluster/log/*.log; do echo "== $f"; tail -n 20 "$f"; done; exit 1; }

# Waits until job $1 has left the queue; fails after $2 seconds.
wait_gone() {
  local id=$1 limit=$2 t=0
  while squeue -h -j "$id" 2>/dev/null | grep -q .; do
    sleep 1; t=$((t + 1))
    [ "$t" -lt "$limit" ] || fail "job $id still queued after ${limit}s: $(squeue -h -j "$id")"
  done
}
state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
tables=(results.csv results.jsonl aggregate.csv aggregate.jsonl points.csv sweep.json)
same_as_local() {
  for f in "${tables[@]}"; do
    cmp "$scratch/local/$f" "$1/$f" || fail "$1/$f differs from the local sweep's"
  done
  diff -r "$scratch/local/points" "$1/points" || fail "$1/points differ from the local sweep's"
}

start=$(date +%s%N)
"$cli" sweep "$study" "${sets[@]}" --out "$scratch/local" --no-plots
echo "local sweep: $(( ($(date +%s%N) - start) / 1000000 )) ms"
[ "$(ls "$scratch/local/points" | wc -l)" -eq 12 ] || fail "the local sweep has not twelve points"

# 1. The whole sweep on the cluster: four array tasks, then the merge job.
start=$(date +%s%N)
out=$("$cli" sweep "$study" "${sets[@]}" --out "$scratch/array" --no-plots --slurm --shards 4 --max-parallel 2)
echo "$out"
array=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) (4 of 4 shards) and merge job \([0-9]*\).*/\1/p')
merge=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) (4 of 4 shards) and merge job \([0-9]*\).*/\2/p')
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
grep -q '^#SBATCH --array=1,2,3,4%2$' "$scratch/array/slurm/sweep-array.sh" || fail "array line: $(grep array= "$scratch/array/slurm/sweep-array.sh")"
wait_gone "$merge" 300
[ "$(state "$merge")" = COMPLETED ] || fail "merge job $merge ended $(state "$merge")"
echo "slurm sweep (submit to merged): $(( ($(date +%s%N) - start) / 1000000 )) ms"
same_as_local "$scratch/array"

# 2. One task cancelled: its shard stays missing, and only it is submitted again.
out=$("$cli" sweep "$study" "${sets[@]}" --out "$scratch/again" --no-plots --slurm --shards 4 --max-parallel 1)
array=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\).*/\1/p')
merge=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\).*/\2/p')
scancel "${array}_4" # throttled to one task at a time: the last one has not started yet
wait_gone "$array" 300
scancel "$merge" 2>/dev/null || true # its dependency can never be met now
[ ! -f "$scratch/again/results.csv" ] || fail "merged although a shard was cancelled"
status=$("$cli" sweep "$study" "${sets[@]}" --out "$scratch/again" --status --shards 4)
echo "$status" | grep -q '^9 of 12 points done, 3 missing$' || fail "status after the cancel: $status"
echo "$status" | grep -q '^shards of 4 with missing points: 4$' || fail "status after the cancel: $status"
out=$("$cli" sweep "$study" "${sets[@]}" --out "$scratch/again" --no-plots --slurm --shards 4)
echo "$out"
echo "$out" | grep -q '(1 of 4 shards)' || fail "resubmitted more than the cancelled shard: $out"
grep -q '^#SBATCH --array=4$' "$scratch/again/slurm/sweep-array.sh" || fail "array line: $(grep array= "$scratch/again/slurm/sweep-array.sh")"
merge=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\).*/\2/p')
wait_gone "$merge" 300
[ "$(state "$merge")" = COMPLETED ] || fail "merge job $merge ended $(state "$merge")"
same_as_local "$scratch/again"
echo "PASS: slurm job arrays give the local sweep's tables byte for byte; a cancelled task is resubmitted alone"
