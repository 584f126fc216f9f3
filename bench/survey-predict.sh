#!/usr/bin/env bash
# Survey estimation from raw files (issue 14), measured from outside in one run:
#  1. shared frames: `spfusion predict --catalog` over a synthetic survey of STARS stars (60 per SDSS field) -- wall time,
#     stars/s and peak RSS of the whole process -- against the paper's route on the same catalogue (astropy + reproject
#     cut-outs, then PyTorch eager; bench/pytorch/survey_route.py, on its first ROUTE_STARS stars), and the network
#     alone (ONNX Runtime on the same weights, `export-onnx --compare-speed`), the ceiling for any end-to-end rate;
#  2. distinct frames: DISTINCT stars whose catalogue rows each point at their own copies of their field's three frames,
#     estimated with whole-frame decoding (--frame-decode whole) and with block-indexed partial decoding (auto);
#  3. memory: peak RSS with the catalogue's rows repeated to 10 x STARS rows (new obsids, same files) against STARS rows.
# A survey already in WORK is reused. usage: bash bench/survey-predict.sh [STARS=2000] [ROUTE_STARS=300] [DISTINCT=40] [WORK=/tmp/spfusion-survey-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
stars=${1:-2000}
route_stars=${2:-300}
distinct=${3:-40}
work=${4:-/tmp/spfusion-survey-bench}
export OMP_WAIT_POLICY=PASSIVE DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${NO_BUILD:-0}" = 1 ] || dotnet build src/SPFusion.Cli -c Release > /dev/null
spfusion=${SPFUSION:-$PWD/src/SPFusion.Cli/bin/Release/net10.0/spfusion} # SPFUSION=PATH times another build
mkdir -p "$work"
[ -f "$work/survey/catalog.csv" ] || "$spfusion" synth --out "$work/survey" --stars "$stars" --seed 7 > /dev/null
n=$(($(wc -l < "$work/survey/catalog.csv") - 1))
echo "survey: $n stars in $work/survey; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # run LABEL OUT ARGS...: prints wall, rows/s, peak RSS
  local label=$1 out=$2
  shift 2
  rm -rf "$out" "$out.parts" "$out.manifest.json"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$spfusion" predict "$@" --out "$out" > "$work/out.txt"
  read -r wall rss < "$work/time.txt"
  local rows
  rows=$(($(wc -l < "$out") - 1))
  echo "$label: $rows rows in $wall s = $(python3 -c "print(f'{$rows / $wall:.1f}')") rows/s, peak RSS $((rss / 1024)) MB; $(head -1 "$work/out.txt")"
}

run "1. spfusion predict --catalog (shared frames)" "$work/estimates.csv" --catalog "$work/survey/catalog.csv" --model published
/usr/bin/python3 bench/pytorch/survey_route.py "$work/survey/catalog.csv" "$route_stars" 2 | python3 -c "import json,sys; r=json.load(sys.stdin); print(f\"1. paper's route ({r['route']}): {r['stars']} stars in {r['seconds']:.1f} s = {r['stars_per_s']:.1f} stars/s ({r['skipped']} edge stars skipped)\")"

# The network alone in the same run (ONNX Runtime on the same weights, batch 32, 2 threads): the ceiling for step 1.
rm -f "$work/network-alone.onnx"
"$spfusion" export-onnx --from published --out "$work/network-alone.onnx" --compare-speed --threads 2 --batch 32 --runs 20 \
  | sed -nE 's/.*spfusion-published\.onnx ([0-9.]+) ms.*/\1/p' \
  | python3 -c "import sys; ms=float(sys.stdin.read()); print(f'1. the network alone (ONNX Runtime, batch 32, 2 threads, median of 20 batches): {32000 / ms:.1f} stars/s')"

# 2. Each star its own frame files (copies), so no frame serves two stars.
mkdir -p "$work/distinct/frames"
python3 - "$work/survey/catalog.csv" "$work/distinct" "$distinct" <<'PY'
import csv, os, shutil, sys
catalog, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = os.path.dirname(os.path.abspath(catalog))
rows = list(csv.DictReader(open(catalog)))[:count]
with open(os.path.join(out, 'catalog.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    for k, row in enumerate(rows):
        for b in 'gri':
            target = os.path.join(out, 'frames', f'{k:05d}-' + os.path.basename(row[b]))
            if not os.path.exists(target): shutil.copyfile(os.path.join(root, row[b]), target)
            row[b] = os.path.relpath(target, out)
        row['spectrum'] = os.path.relpath(os.path.join(root, row['spectrum']), out)
        w.writerow(row)
PY
run "2. distinct frames, whole-frame decoding" "$work/distinct-full.csv" --catalog "$work/distinct/catalog.csv" --model published --frame-decode whole
run "2. distinct frames, partial decoding" "$work/distinct-auto.csv" --catalog "$work/distinct/catalog.csv" --model published --frame-decode auto
cmp <(cut -d, -f1-4 "$work/distinct-full.csv") <(cut -d, -f1-4 "$work/distinct-auto.csv") && echo "2. both decodings give the same estimates and statuses"

# 3. The same files behind 10 x the rows.
python3 - "$work/survey/catalog.csv" "$work/survey/catalog-x10.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
with open(sys.argv[2], 'w') as f:
    f.write(lines[0] + '\n')
    for k in range(10):
        for line in lines[1:]:
            obsid, rest = line.split(',', 1)
            f.write(f'{obsid}x{k},{rest}\n')
PY
run "3. $((10 * n)) rows (the survey x 10)" "$work/estimates-x10.csv" --catalog "$work/survey/catalog-x10.csv" --model published
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
