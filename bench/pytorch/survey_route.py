"""The paper's route from raw files to estimates, timed for bench/survey-predict.sh (issue 14's reference row).

For each catalogue star: the LAMOST spectrum read with astropy.io.fits, cropped to 4000-9000 Angstrom, min-max
normalised and zero padded to 3,584 samples; its SDSS g frame decoded with astropy (frames cached by path, as the package
caches them), a 128 x 128 Cutout2D around the star, and the r and i frames reprojected onto that cut-out's WCS with
reproject_interp (bilinear); then PyTorch eager inference of the rebuilt network (spfusion_torch.SPFusion, random
weights: the timing does not depend on them) in batches of 32. Stars whose cut-out leaves a frame are skipped (counted).
Prints one JSON line: stars estimated, wall seconds, stars/s.

usage: python3 survey_route.py CATALOG.csv [MAX_STARS=all] [THREADS=2]
"""
import csv
import json
import os
import sys
import time

import numpy as np
import torch
from astropy.io import fits
from astropy.nddata import Cutout2D
from astropy.wcs import WCS
from reproject import reproject_interp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spfusion_torch import SPFusion  # noqa: E402

SIZE, LENGTH, BATCH = 128, 3584, 32


def spectrum(path):
    with fits.open(path) as f:
        if f[0].data is not None:
            d = f[0].data
            flux, wave = d[0].astype(np.float64), d[2].astype(np.float64)
        else:
            row = f['COADD'].data[0]
            flux, wave = row['FLUX'].astype(np.float64), row['WAVELENGTH'].astype(np.float64)
    keep = (wave >= 4000) & (wave <= 9000)
    x = flux[keep]
    x = (x - x.min()) / (x.max() - x.min())
    out = np.zeros(LENGTH, np.float32)
    out[:min(len(x), LENGTH)] = x[:LENGTH]
    return out


frames = {}


def frame(path):
    if path not in frames:
        if len(frames) > 40:
            frames.pop(next(iter(frames)))
        with fits.open(path) as f:
            frames[path] = (f[0].data.astype(np.float32), WCS(f[0].header))
    return frames[path]


def cutout(ra, dec, g, r, i):
    gd, gw = frame(g)
    x, y = gw.all_world2pix([[ra, dec]], 0)[0]
    c = Cutout2D(gd, (x, y), (SIZE, SIZE), wcs=gw, mode='strict')
    bands = [c.data]
    for p in (r, i):
        d, w = frame(p)
        a, _ = reproject_interp((d, w), c.wcs, shape_out=(SIZE, SIZE), order='bilinear')
        bands.append(a)
    img = np.stack(bands).astype(np.float32)
    lo = img.reshape(3, -1).min(1)[:, None, None]
    hi = img.reshape(3, -1).max(1)[:, None, None]
    return (img - lo) / (hi - lo)


def main():
    catalog = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != 'all' else None
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = SPFusion().eval()
    root = os.path.dirname(os.path.abspath(catalog))
    rows = list(csv.DictReader(open(catalog)))[:limit]
    done = skipped = 0
    specs, photos = [], []
    t = time.perf_counter()

    def flush():
        nonlocal done
        if specs:
            with torch.inference_mode():
                model(torch.from_numpy(np.stack(photos)), torch.from_numpy(np.stack(specs))[:, None, :])
            done += len(specs)
            specs.clear()
            photos.clear()

    for row in rows:
        path = lambda k: os.path.join(root, row[k])  # noqa: E731
        try:
            photo = cutout(float(row['ra']), float(row['dec']), path('g'), path('r'), path('i'))
        except Exception:  # the cut-out leaves a frame (Cutout2D mode='strict')
            skipped += 1
            continue
        specs.append(spectrum(path('spectrum')))
        photos.append(photo)
        if len(specs) == BATCH:
            flush()
    flush()
    dt = time.perf_counter() - t
    print(json.dumps({'route': 'astropy + reproject + pytorch eager ' + torch.__version__, 'stars': done, 'skipped': skipped,
                      'seconds': dt, 'stars_per_s': done / dt, 'threads': threads}))


if __name__ == '__main__':
    main()
