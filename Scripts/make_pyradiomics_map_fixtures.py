#!/usr/bin/env python3
"""Generate the pyradiomics voxel-map fixtures in Fixtures/pyradiomics_maps/.

pyradiomics' voxel-based extraction (`execute(..., voxelBased=True)`) on a small synthetic case
(int16 noise with a gradient and a denser core, an ellipsoid ROI of a few hundred voxels,
0.8 x 0.9 x 2 mm, and a sparse shell ROI) with the parameter files written next to it. For each parameter file,
`expected/<name>.json` holds every feature map's values at the ROI voxels, in the image's linear
(z, y, x) order, written with repr (full precision); NaN as null. The Swift tests only read them.

Usage: /work/venv/bin/python Scripts/make_pyradiomics_map_fixtures.py   (pyradiomics-bhklab 3.1.4)
"""
import json
import math
import os

import numpy as np
import SimpleITK as sitk
import radiomics
from radiomics import featureextractor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "pyradiomics_maps")

PARAMS = {
    # Masked kernel of radius 1, every voxel-capable class.
    "masked_r1": """
imageType:
  Original: {}
featureClass:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 25
  label: 1
voxelSetting:
  kernelRadius: 1
  maskedKernel: true
  initValue: 0
""",
    # Unmasked kernel of radius 2 (binning over the padded crop), another bin width, initValue
    # and a voxel batch size (which must not change any value).
    "unmasked_r2": """
imageType:
  Original: {}
featureClass:
  firstorder:
  glcm:
  ngtdm:
setting:
  binWidth: 10
  label: 1
voxelSetting:
  kernelRadius: 2
  maskedKernel: false
  initValue: -1
  voxelBatch: 50
""",
    # A sparse ROI (a thin shell with holes, mask_sparse.nii.gz): kernels with directions that
    # hold no pair. pyradiomics deletes a direction only when it is empty for every voxel of a
    # voxel batch, so Joint Average (a plain mean over the directions, where the others take
    # nanmean) is NaN at the voxels of a batch where the direction is empty for them alone.
    # MCC is left out: pyradiomics' eigvals fails on such a batch (LinAlgError on NaN) and
    # leaves the whole MCC map at initValue.
    "sparse_r1": """
imageType:
  Original: {}
featureClass:
  firstorder:
  glcm: [Autocorrelation, JointAverage, ClusterProminence, ClusterShade, ClusterTendency, Contrast,
         Correlation, DifferenceAverage, DifferenceEntropy, DifferenceVariance, JointEnergy, JointEntropy,
         Imc1, Imc2, Idm, Idmn, Id, Idn, InverseVariance, MaximumProbability, SumEntropy, SumSquares]
setting:
  binWidth: 25
  label: 1
voxelSetting:
  kernelRadius: 1
  maskedKernel: true
  initValue: 0
  voxelBatch: 40
""",
}

# Parameter files read with another mask than mask.nii.gz.
MASKS = {"sparse_r1": "mask_sparse.nii.gz"}


def make_case():
    rng = np.random.default_rng(15)
    nz, ny, nx = 8, 12, 14
    z, y, x = np.mgrid[0:nz, 0:ny, 0:nx]
    image = 20 + 4 * x + rng.normal(0, 30, (nz, ny, nx))
    r = ((x - 6.5) / 5.0) ** 2 + ((y - 5.5) / 4.0) ** 2 + ((z - 3.5) / 2.6) ** 2
    image[r < 0.35] += 120
    mask = (r <= 1.0).astype(np.uint8)
    sparse = ((r > 0.45) & (r <= 1.0) & (rng.random((nz, ny, nx)) < 0.6)).astype(np.uint8)
    img = sitk.GetImageFromArray(np.round(image).astype(np.int16))
    msk = sitk.GetImageFromArray(mask)
    shell = sitk.GetImageFromArray(sparse)
    for i in (img, msk, shell):
        i.SetSpacing((0.8, 0.9, 2.0))
        i.SetOrigin((-5.0, 3.0, 10.0))
    return img, msk, shell


def main():
    os.makedirs(os.path.join(OUT, "params"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    img, msk, shell = make_case()
    image_path = os.path.join(OUT, "image.nii.gz")
    sitk.WriteImage(img, image_path)
    sitk.WriteImage(msk, os.path.join(OUT, "mask.nii.gz"))
    sitk.WriteImage(shell, os.path.join(OUT, MASKS["sparse_r1"]))
    for name, text in PARAMS.items():
        mask_path = os.path.join(OUT, MASKS.get(name, "mask.nii.gz"))
        roi = np.flatnonzero(sitk.GetArrayFromImage(sitk.ReadImage(mask_path)).ravel() != 0)
        params = os.path.join(OUT, "params", name + ".yaml")
        with open(params, "w") as f:
            f.write(text.lstrip())
        extractor = featureextractor.RadiomicsFeatureExtractor(params)
        result = extractor.execute(image_path, mask_path, voxelBased=True)
        maps = {}
        for key, value in result.items():
            if not isinstance(value, sitk.Image):
                continue
            # The map is on pyradiomics' crop (ROI box + kernelRadius): back onto the image grid.
            offset = img.TransformPhysicalPointToIndex(value.GetOrigin())
            arr = sitk.GetArrayFromImage(value)
            full = np.full(sitk.GetArrayFromImage(img).shape, np.nan)
            sz, sy, sx = arr.shape
            full[offset[2]:offset[2] + sz, offset[1]:offset[1] + sy, offset[0]:offset[0] + sx] = arr
            values = full.ravel()[roi]
            maps[key] = [None if math.isnan(v) else float(v) for v in values]
        with open(os.path.join(OUT, "expected", name + ".json"), "w") as f:
            json.dump({"pyradiomics": radiomics.__version__, "roiVoxels": roi.tolist(), "maps": maps}, f, indent=0)
        print(name, len(maps), "maps,", len(roi), "ROI voxels")


if __name__ == "__main__":
    main()
