#!/usr/bin/env python3
"""Reads survey outputs the way astronomers do and checks that the formats agree (issue 14, "Output formats").

usage: /usr/bin/python3 bench/survey_output_astropy.py OUT.csv OUT.fits

Reads the FITS table with astropy's Table.read (Debian: apt-get install python3-astropy) and the CSV with Python's csv
module, prints the FITS columns, units and provenance keywords, and compares every row: obsid, status, model, message
and catalog_line exactly, mass and age as float32 (NaN in FITS where the CSV field is empty). astropy 5 masks NaN
floats and empty strings when it reads FITS (mask_invalid), so a masked value stands for the CSV's empty field. Exits 1
on the first difference. (Parquet: no Debian package reads it; the package's own reader and the tests cover it.)
"""
import csv
import math
import sys

import numpy as np
from astropy.table import Table


def main(csv_path, fits_path):
    fits = Table.read(fits_path, hdu=1)
    print(f"{fits_path}: {len(fits)} rows; columns " + ", ".join(f"{c} ({fits[c].dtype}{', ' + str(fits[c].unit) if fits[c].unit else ''})" for c in fits.colnames))
    for key in ("MODEL", "MODELSHA", "FALLBACK", "FALLBSHA", "SPFUSVER", "DATE"):
        print(f"  {key} = {fits.meta.get(key)}")
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != len(fits):
        sys.exit(f"row counts differ: {csv_path} {len(rows)}, {fits_path} {len(fits)}")
    def text(value):
        return "" if np.ma.is_masked(value) else str(value)

    def number(value):
        return math.nan if np.ma.is_masked(value) else float(value)

    for i, (c, t) in enumerate(zip(rows, fits)):
        for name in ("obsid", "status", "model", "message"):
            if c[name] != text(t[name]):
                sys.exit(f"row {i}, {name}: csv {c[name]!r} vs fits {text(t[name])!r}")
        if int(c["catalog_line"]) != int(t["catalog_line"]):
            sys.exit(f"row {i}, catalog_line: csv {c['catalog_line']} vs fits {t['catalog_line']}")
        for name in ("mass", "age"):
            v = number(t[name])
            if c[name] == "":
                if not math.isnan(v):
                    sys.exit(f"row {i}, {name}: csv empty vs fits {v}")
            elif np.float32(c[name]) != np.float32(v):
                sys.exit(f"row {i}, {name}: csv {c[name]} vs fits {v!r}")
    print(f"{csv_path} and {fits_path} agree on all {len(rows)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
