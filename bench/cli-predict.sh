#!/usr/bin/env bash
# CLI predict against PyTorch eager, measured from outside in one run (issue 13): `spfusion predict --model published`
# over a prepared synthetic dataset of STARS stars (wall time of the whole process: start-up, model load, reading and
# normalising every star, scoring, writing the CSV), alternated ROUNDS times with bench/pytorch/spfusion_torch.py
# infer 32 10 THREADS (PyTorch eager, in-memory random tensors, batch 32) as bench/README.md measures it, so a change of
# machine load hits both sides. Prints each round (with the CLI's CPU seconds per star, which load moves less) and the
# ratio of the best rates. A dataset already in WORK/data is reused; NO_BUILD=1 measures the CLI as built; BASELINE=PATH
# (another build's spfusion, e.g. an earlier commit's) is timed in the same rounds for a before/after.
# usage: bash bench/cli-predict.sh [STARS=480] [ROUNDS=3] [THREADS=2] [WORK=/tmp/spfusion-cli-predict]
set -euo pipefail
cd "$(dirname "$0")/.."
stars=${1:-480}
rounds=${2:-3}
threads=${3:-2}
work=${4:-/tmp/spfusion-cli-predict}
export OMP_WAIT_POLICY=PASSIVE DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${NO_BUILD:-0}" = 1 ] || dotnet build src/SPFusion.Cli -c Release > /dev/null
spfusion=src/SPFusion.Cli/bin/Release/net10.0/spfusion
if [ ! -f "$work/data/label/label.csv" ]; then
  "$spfusion" synth --out "$work/survey" --stars "$stars" --seed 3 --edge-fraction 0 > /dev/null 2>&1
  "$spfusion" prepare --catalog "$work/survey/catalog.csv" --out "$work/data" --on-error skip > /dev/null 2>&1
fi
n=$(($(wc -l < "$work/data/label/label.csv") - 1))
echo "dataset: $n stars in $work/data; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
best_cli=0
best_torch=0
for round in $(seq 1 "$rounds"); do
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$spfusion" predict --model published --data "$work/data" --out "$work/predictions.csv" > /dev/null
  read -r wall user sys < "$work/time.txt"
  cli=$(python3 -c "print(f'{$n / $wall:.1f}')")
  cpu=$(python3 -c "print(f'{1000 * ($user + $sys) / $n:.1f}')")
  if [ -n "${BASELINE:-}" ]; then
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$BASELINE" predict --model published --data "$work/data" --out "$work/baseline.csv" > /dev/null
    read -r bwall buser bsys < "$work/time.txt"
    echo "round $round: baseline $(python3 -c "print(f'{$n / $bwall:.1f}')") stars/s ($bwall s, $(python3 -c "print(f'{1000 * ($buser + $bsys) / $n:.1f}')") ms CPU per star)"
  fi
  torch=$(/usr/bin/python3 bench/pytorch/spfusion_torch.py infer 32 10 "$threads" | python3 -c "import json,sys; print(f\"{json.load(sys.stdin)['samples_per_s']:.1f}\")")
  echo "round $round: spfusion predict $cli stars/s (whole process, $n stars, ${wall} s, $cpu ms CPU per star); PyTorch eager $torch samples/s; load $(cut -d' ' -f1 /proc/loadavg)"
  best_cli=$(python3 -c "print(max($best_cli, $cli))")
  best_torch=$(python3 -c "print(max($best_torch, $torch))")
done
echo "best: spfusion predict $best_cli stars/s, PyTorch eager $best_torch samples/s, ratio $(python3 -c "print(f'{$best_cli / $best_torch:.2f}')")x; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
