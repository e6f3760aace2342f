#!/usr/bin/env python3
"""Writes a synthetic cohort table (docs only: the README's report screenshot).

120 cases of IBSI statistics, intensity-histogram and GLCM columns (names from
`radiomics features --format csv` on stdin) with what a real cohort shows: three failed cases,
a feature that is NaN for some cases, a constant one, correlated groups and a few outliers.

Usage: radiomics features --format csv | Scripts/make_report_demo.py > demo.csv
"""
import csv
import sys

import numpy as np

rng = np.random.default_rng(19)
rows = list(csv.DictReader(sys.stdin))
tags = [r["tag"] + (r["aggregations"].split()[-2] if r["aggregations"] else "")  # *_3D_avg / *_3D
        for r in rows if r["family"] in ("statistics", "intensity-histogram", "glcm", "morphology")]
n = 120
size = rng.lognormal(3, 0.6, n)          # a latent "tumour size" many features follow
texture = rng.normal(0, 1, n)
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["id", "image", "mask", "roi"] + tags + ["error"])
for i in range(n):
    case = f"P{i + 1:03d}"
    if i in (17, 64, 101):
        out.writerow([case, f"{case}/ct.nii.gz", f"{case}/gtv.nii.gz", "1"] + ["NaN"] * len(tags)
                     + [f"{case}/gtv.nii.gz: mask grid does not match the image: size mask 512×512×88 ≠ image 512×512×90"])
        continue
    values = []
    for k, t in enumerate(tags):
        if t.startswith("morph_"):
            v = size[i] ** (1 + k % 3) * (1 + 0.01 * rng.normal())
        elif k % 4 == 0:
            v = texture[i] * (k + 1) + 0.05 * rng.normal()
        else:
            v = rng.normal(k, 1 + k % 5)
        if t == "ih_min":
            v = 1.0
        if t.startswith("cm_info_corr2") and i % 9 == 0:
            v = float("nan")
        if i == 42 and k % 7 == 0:
            v *= 40
        values.append(repr(float(v)))
    out.writerow([case, f"{case}/ct.nii.gz", f"{case}/gtv.nii.gz", "1"] + values + [""])
