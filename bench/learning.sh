#!/usr/bin/env bash
# The learning benchmark: `spfusion cv` from random weights with the small-survey preset on a synthetic survey
# (default 1,500 stars, seed 42), over the 3 folds `spfusion prepare --folds 3 --validation-fraction 0.15` writes (the preset's share), at most 30 epochs per fold in
# one cosine cycle (--period = --epochs, so no warm restart interrupts a short run),
# against the exact ridge reference on the same folds (bench/pytorch/train_small.py --epochs 0: numpy, 448 binned
# spectrum features, penalty chosen on each fold's validation rows). Goal: SPFusion at or below the ridge on both targets.
#
#   bash bench/learning.sh [STARS] [EPOCHS] [THREADS] [VALIDATION] [CV OPTIONS...]   (from the repository root, after a Release build)
#
# Options after the fourth argument go to `spfusion cv` unchanged (e.g. --predict-variance).
#
# Needs Debian's python3-numpy and python3-torch (the ridge script imports the PyTorch rebuild's loader). Prints one
# table; the survey and the prepared folds live in a temporary folder removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
stars=${1:-1500}
epochs=${2:-30}
threads=${3:-2}
validation=${4:-0.15}
shift $(( $# < 4 ? $# : 4 ))
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
cli=(dotnet run --project src/SPFusion.Cli -c Release --no-build --)
start=$(date +%s)
"${cli[@]}" synth --out "$work/survey" --stars "$stars" --seed 42 > /dev/null
"${cli[@]}" prepare --catalog "$work/survey/catalog.csv" --out "$work/data" --folds 3 --validation-fraction "$validation" --on-error skip | tail -n 4
"${cli[@]}" cv --data "$work/data" --out "$work/cv.json" --preset small-survey --epochs "$epochs" --period "$epochs" --batch-size 16 \
  --threads "$threads" "$@" > "$work/cv.log"
/usr/bin/python3 bench/pytorch/train_small.py "$work/data" --epochs 0 | tail -n 1 > "$work/ridge.json"
seconds=$(( $(date +%s) - start ))
/usr/bin/python3 - "$work/cv.json" "$work/ridge.json" "$stars" "$epochs" "$seconds" "$*" <<'PY'
import json, sys
def find(d, name):
    return next(v for k, v in d.items() if k.lower() == name.lower())
cv, ridge = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
stars, epochs, seconds, extra = sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
mean = find(cv, 'mean')
net = [find(find(mean, 'maeMass'), 'mean'), find(find(mean, 'maeAge'), 'mean')]
folds = ridge['folds']
lin = [sum(f['ridge'][t] for f in folds) / len(folds) for t in (0, 1)]
ref = [sum(f['mean'][t] for f in folds) / len(folds) for t in (0, 1)]
print(f"learning benchmark: {stars} synthetic stars, 3 folds, {epochs} epochs, small-survey preset{(' ' + extra) if extra else ''}, {seconds} s")
print("| model | MAE mass (Msun) | MAE age (Gyr) |")
print("|---|---|---|")
print(f"| SPFusion from random weights | {net[0]:.4f} | {net[1]:.4f} |")
print(f"| exact ridge, spectrum | {lin[0]:.4f} | {lin[1]:.4f} |")
print(f"| mean label (training folds) | {ref[0]:.4f} | {ref[1]:.4f} |")
ok = all(n <= l for n, l in zip(net, lin))
print(f"SPFusion / ridge: mass {net[0] / lin[0]:.2f}x, age {net[1] / lin[1]:.2f}x; goal (at or below the ridge on both): {'pass' if ok else 'miss'}")
PY
