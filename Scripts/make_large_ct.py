#!/usr/bin/env python3
"""Writes a synthetic 512x512x300 CT (0.7 x 0.7 x 1.25 mm, int16 HU) and a spherical-ish
tumour mask for the processing benchmark (Scripts/bench.sh). Not a fixture: written to the
directory given (default /tmp/radiomics-bench), never committed.
Run: python3 Scripts/make_large_ct.py [DIR]
"""
import os
import sys
import numpy as np
import nibabel as nib

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/radiomics-bench"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
shape = (512, 512, 300)
spacing = (0.7, 0.7, 1.25)
x, y, z = np.meshgrid(*[np.arange(n) * s for n, s in zip(shape, spacing)], indexing="ij", sparse=True)
body = ((x - 180) ** 2 + (y - 180) ** 2) < 160 ** 2
ct = np.where(body, 40, -1000).astype(np.float32) + rng.normal(0, 20, shape).astype(np.float32)
r2 = (x - 200) ** 2 + (y - 170) ** 2 + (z - 190) ** 2
tumour = r2 < 30 ** 2
ct[tumour] += 30 + 200 * np.sin(np.sqrt(r2[tumour]) / 3)
affine = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])
nib.save(nib.Nifti1Image(np.round(ct).astype(np.int16), affine), os.path.join(out, "ct.nii.gz"))
nib.save(nib.Nifti1Image(tumour.astype(np.uint8), affine), os.path.join(out, "mask.nii.gz"))
print(out)
