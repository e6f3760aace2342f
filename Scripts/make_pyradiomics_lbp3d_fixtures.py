#!/usr/bin/env python3
"""Reference LBP3D maps for Tests/RadiomicsTests/PyRadiomics/PyRadiomicsLBP3DTests.swift.

Calls pyradiomics-bhklab 3.1.4's own radiomics.imageoperations.getLBP3DImage. It needs scipy
< 1.17 (scipy 1.17 removed scipy.special.sph_harm, and pyradiomics then silently skips LBP3D)
and trimesh:  pip install pyradiomics-bhklab==3.1.4 "scipy<1.17" trimesh  (used: scipy 1.16.3,
trimesh 5.2.0, numpy 2.4.6, SimpleITK 2.5.7, Python 3.11.7).
Output in Fixtures/pyradiomics_filters/: lbp3d-<case>-image.nii.gz, lbp3d-mask.nii.gz and
lbp3d.json, which holds per case and setting the map values at the ROI voxels (numpy C order,
i.e. our linear order), written with repr, and trimesh's icosphere vertices.
"""
import json
import logging
import os

import numpy as np
import SimpleITK as sitk
import trimesh
import radiomics
from radiomics import imageoperations

radiomics.logger.setLevel(logging.ERROR)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "pyradiomics_filters")
rng = np.random.default_rng(20261123)
shape = (10, 12, 14)                                     # [z, y, x]
z, y, x = np.indices(shape)
base = -40.0 + 6.0 * x + 20.0 * np.sin(y / 2.0) + rng.normal(0, 35, shape)
# The ROI touches the image border (x = 0, y = 11, z = 0 and 9), so samples fall outside the image.
mask = (((x - 4.0) / 6.0) ** 2 + ((y - 7.0) / 5.0) ** 2 + ((z - 4.5) / 6.0) ** 2 <= 1.0).astype(np.uint8)
mask[0, 3:6, 0:3] = 1
images = {
    "int16": np.round(base).astype(np.int16),
    "float32": (base + rng.normal(0, 0.3, shape)).astype(np.float32),
}
m = sitk.GetImageFromArray(mask)
m.SetSpacing((0.8, 0.9, 1.5))
sitk.WriteImage(m, os.path.join(out, "lbp3d-mask.nii.gz"))
m = sitk.ReadImage(os.path.join(out, "lbp3d-mask.nii.gz"))
settings = {
    "default": {},
    "levels3-r1.5-sub2": {"lbp3DLevels": 3, "lbp3DIcosphereRadius": 1.5, "lbp3DIcosphereSubdivision": 2},
    "r2-sub0": {"lbp3DIcosphereRadius": 2.0, "lbp3DIcosphereSubdivision": 0},
}
result = {"cases": {}, "icospheres": {}}
roi = np.where(mask == 1)
for case, arr in images.items():
    im = sitk.GetImageFromArray(arr)
    im.SetSpacing((0.8, 0.9, 1.5))
    path = os.path.join(out, "lbp3d-%s-image.nii.gz" % case)
    sitk.WriteImage(im, path)
    im = sitk.ReadImage(path)                             # as pyradiomics loads it
    result["cases"][case] = {}
    for sname, kw in settings.items():
        maps = {}
        for lbp, name, _ in imageoperations.getLBP3DImage(im, m, label=1, **kw):
            maps[name] = [repr(float(v)) for v in sitk.GetArrayFromImage(lbp)[roi]]
        result["cases"][case][sname] = maps
for sub, r in [(0, 2.0), (1, 1.0), (2, 1.5)]:
    v = np.array(trimesh.creation.icosphere(sub, r).vertices)
    result["icospheres"]["%d-%s" % (sub, r)] = [[repr(float(c)) for c in p] for p in v]
with open(os.path.join(out, "lbp3d.json"), "w") as f:
    json.dump(result, f, indent=0)
print("wrote lbp3d fixtures:", {c: list(v) for c, v in result["cases"].items()})
