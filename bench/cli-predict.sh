#!/usr/bin/env bash
# CLI predict against PyTorch eager, measured from outside in one run (issue 13): `spfusion predict --model published`
# over a prepared synthetic dataset of STARS stars (wall time of the whole process: start-up, model load, reading and
# normalising every star, scoring, writing the CSV), alternated ROUNDS times with bench/pytorch/spfusion_torch.py
# infer 32 10 THREADS (PyTorch eager, in-memory random tensors, batch 32) as bench/README.md measures it, so a change of
# machine load hits both sides. Prints each round and the ratio of the best rates.
# usage: bash bench/cli-predict.sh [STARS=480] [ROUNDS=3] [THREADS=2] [WORK=/tmp/spfusion-cli-predict]
set -euo pipefail
cd "$(dirname "$0")/.."
stars=${1:-480}
rounds=${2:-3}
threads=${3:-2}
work=${4:-/tmp/spfusion-cli-predict}
export OMP_WAIT_POLICY=PASSIVE DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/SPFusion.Cli -c Release > /dev/null
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
  start=$(date +%s.%N)
  "$spfusion" predict --model published --data "$work/data" --out "$work/predictions.csv" > /dev/null
  end=$(date +%s.%N)
  cli=$(python3 -c "print(f'{$n / ($end - $start):.1f}')")
  torch=$(/usr/bin/python3 bench/pytorch/spfusion_torch.py infer 32 10 "$threads" | python3 -c "import json,sys; print(f\"{json.load(sys.stdin)['samples_per_s']:.1f}\")")
  echo "round $round: spfusion predict $cli stars/s (whole process, $n stars); PyTorch eager $torch samples/s"
  best_cli=$(python3 -c "print(max($best_cli, $cli))")
  best_torch=$(python3 -c "print(max($best_torch, $torch))")
done
echo "best: spfusion predict $best_cli stars/s, PyTorch eager $best_torch samples/s, ratio $(python3 -c "print(f'{$best_cli / $best_torch:.2f}')")x; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
