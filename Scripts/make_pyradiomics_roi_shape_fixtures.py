#!/usr/bin/env python3
"""Generate the ROI-shape agreement fixtures (issue 14) in Fixtures/pyradiomics/.

ROIs whose shape exercises pyradiomics' texture conventions: an ROI one slice thick in a 3D
image (GLRLM drops a direction in which no line holds two ROI voxels), an ROI with an isolated
voxel (NGTDM counts a voxel without ROI neighbours, with s = 0), a sparse scattered ROI (both)
and a solid block (control). The expected values come from pyradiomics-bhklab 3.1.4; the Swift
tests only read them.

Usage: /work/venv/bin/python Scripts/make_pyradiomics_roi_shape_fixtures.py
(any Python with pyradiomics-bhklab==3.1.4, SimpleITK and numpy)
"""
import csv
import logging
import os

import numpy as np
import SimpleITK as sitk
import radiomics
from radiomics import featureextractor

from make_pyradiomics_fixtures import PARAMS, text  # the other fixtures' parameters and CSV values

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "pyradiomics")
NAME = "roi_shapes"
# Every texture class and first-order, as original_bw25 without shape, at binWidth 10.
BODY = PARAMS["original_bw25"].lstrip().replace("  shape:\n", "").replace("binWidth: 25", "binWidth: 10")


def cases():
    rng = np.random.default_rng(20261204)
    shape = (12, 24, 22)  # (z, y, x)
    z, y, x = np.indices(shape)
    img = -20.0 + 1.3 * x - 0.7 * y + 2.0 * z + rng.normal(0, 18, shape)
    img = np.round(img).astype(np.int16)
    out = {}
    one = np.zeros(shape, np.uint8)
    one[6] = (((x[6] - 10.4) / 7) ** 2 + ((y[6] - 12.2) / 9) ** 2 <= 1)
    out["roi_one_slice"] = one
    iso = np.zeros(shape, np.uint8)
    iso[3:8, 5:12, 4:10] = 1
    iso[10, 18, 16] = 1          # no ROI neighbour
    iso[1, 20, 2] = 1            # another one
    out["roi_isolated_voxel"] = iso
    sparse = (rng.random(shape) < 0.06).astype(np.uint8)
    sparse[:2] = 0
    out["roi_sparse"] = sparse
    block = np.zeros(shape, np.uint8)
    block[2:9, 4:15, 6:17] = 1
    out["roi_block"] = block
    im = sitk.GetImageFromArray(img)
    im.SetSpacing((0.9, 1.1, 2.0))
    im.SetOrigin((-10.0, 4.0, 30.0))
    res = {}
    for name, m in out.items():
        mi = sitk.GetImageFromArray(m)
        mi.CopyInformation(im)
        res[name] = (im, mi)
    return res


def main():
    radiomics.logger.setLevel(logging.ERROR)
    ppath = os.path.join(OUT, "params", NAME + ".yaml")
    with open(ppath, "w") as f:
        f.write(BODY)
    extractor = featureextractor.RadiomicsFeatureExtractor(ppath)
    rows = []
    for name, (im, m) in cases().items():
        ipath = os.path.join(OUT, "cases", name + "_image.nii.gz")
        mpath = os.path.join(OUT, "cases", name + "_mask.nii.gz")
        sitk.WriteImage(im, ipath, True)
        sitk.WriteImage(m, mpath, True)
        result = extractor.execute(ipath, mpath)
        row = {"Case": name, "Image": "cases/" + name + "_image.nii.gz", "Mask": "cases/" + name + "_mask.nii.gz"}
        row.update({k: text(v) for k, v in result.items()})
        rows.append(row)
    with open(os.path.join(OUT, "expected", NAME + ".csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            w.writerow(r)
    print(NAME, len(rows), "rows")


if __name__ == "__main__":
    main()
