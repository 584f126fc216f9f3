"""Proves the PyTorch rebuild is the published network: loaded with the published weights, it must reproduce ONNX
Runtime's outputs of models/spfusion-published.onnx to 1e-5.

The expected values, tests/data/reference/published-outputs.csv, were written by ONNX Runtime from C#
(tests/SPFusion.Tests/Onnx/PublishedOutputsFixtureTests.cs), never by this rebuild. Both sides build the same
closed-form input batch; the formula is documented in bench/pytorch/README.md.

    /usr/bin/python3 bench/pytorch/parity.py        # prints the max differences; exit 1 above 1e-5
"""
import csv
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import published_weights  # noqa: E402
import spfusion_torch  # noqa: E402

TOLERANCE = 1e-5
BATCH = 4
EXPECTED_CSV = os.path.join(published_weights.REPO_ROOT, 'tests', 'data', 'reference', 'published-outputs.csv')


def formula_inputs(batch=BATCH):
    """The closed-form batch (README.md, "Input formula"), computed in float64 and rounded to float32 like the C#."""
    n = np.arange(batch, dtype=np.float64)[:, None]
    i = np.arange(spfusion_torch.SPECTRUM_LENGTH, dtype=np.float64)[None, :]
    spectrum = (0.5 + 0.4 * np.sin(0.013 * i + 0.7 * n)).astype(np.float32)[:, None, :]

    n4 = np.arange(batch, dtype=np.float64)[:, None, None, None]
    b = np.arange(3, dtype=np.float64)[None, :, None, None]
    y = np.arange(spfusion_torch.IMAGE_SIZE, dtype=np.float64)[None, None, :, None]
    x = np.arange(spfusion_torch.IMAGE_SIZE, dtype=np.float64)[None, None, None, :]
    sigma = 3 + 0.5 * b + 0.25 * n4
    r2 = (x - 64.0) ** 2 + (y - 64.0) ** 2
    photometric = (0.2 + 0.1 * np.sin(0.05 * x + 0.03 * y + 1.1 * b + 0.6 * n4)
                   + 0.7 * np.exp(-r2 / (2 * sigma * sigma))).astype(np.float32)
    return torch.from_numpy(photometric), torch.from_numpy(spectrum)


def read_expected(path=EXPECTED_CSV):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    if [int(r['sample']) for r in rows] != list(range(BATCH)):
        raise SystemExit(f'{path}: expected samples 0..{BATCH - 1}')
    prediction = np.array([[float(r['mass']), float(r['age'])] for r in rows])
    se = np.array([[float(r[f'se_{c}']) for c in range(96)] for r in rows])
    return prediction, se


def main():
    torch.set_num_threads(2)
    model = published_weights.load_published(spfusion_torch.SPFusion())
    photometric, spectrum = formula_inputs()
    with torch.no_grad():
        prediction, _, se = model(photometric, spectrum, with_attention=True)
    expected_prediction, expected_se = read_expected()
    d_pred = np.abs(prediction.double().numpy() - expected_prediction)
    d_se = np.abs(se.double().numpy() - expected_se)
    print(f'max |diff| mass/age: {d_pred.max():.3e}  (mass {d_pred[:, 0].max():.3e}, age {d_pred[:, 1].max():.3e})')
    print(f'max |diff| SE weights [N,96]: {d_se.max():.3e}')
    worst = max(d_pred.max(), d_se.max())
    if not worst <= TOLERANCE:     # also catches NaN
        print(f'PARITY FAILED: max |diff| {worst:.3e} > {TOLERANCE:g} against {EXPECTED_CSV}', file=sys.stderr)
        return 1
    print(f'parity ok: max |diff| {worst:.3e} <= {TOLERANCE:g}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
