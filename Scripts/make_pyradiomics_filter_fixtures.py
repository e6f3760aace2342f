#!/usr/bin/env python3
"""Reference maps of pyradiomics image types for Tests/RadiomicsTests/PyRadiomics/PyRadiomicsFilterTests.swift.

Each map is computed with the same library calls as pyradiomics-bhklab 3.1.4
radiomics/imageoperations.py (SimpleITK filters, pywt.swtn, numpy), written here in a few lines
rather than importing pyradiomics. Needs numpy, SimpleITK, scikit-image, PyWavelets (pip install pywavelets==1.8.0).
Output: Fixtures/pyradiomics_filters/*.nii.gz (float32), from a 13 x 10 x 9 random CT-like volume
with odd sizes (exercises pyradiomics' wrap padding) and anisotropic spacing.
"""
import os
import numpy as np
import SimpleITK as sitk
import pywt

out = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "pyradiomics_filters")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261122)
arr = rng.integers(-1000, 400, size=(9, 10, 13)).astype(np.float32)  # [z, y, x]
image = sitk.GetImageFromArray(arr)
image.SetSpacing((0.8, 0.9, 2.5))
image.SetOrigin((-10.0, 20.0, 5.0))


def save(a, name):
    im = sitk.GetImageFromArray(np.asarray(a, dtype=np.float32))
    im.CopyInformation(image)
    sitk.WriteImage(im, os.path.join(out, name + ".nii.gz"))


sitk.WriteImage(image, os.path.join(out, "input.nii.gz"))
# Spacing-dependent filters run on the image as pyradiomics would load it: NIfTI stores pixdim as
# float32, so 0.8 mm reads back as 0.800000011920929 mm (and the LoG is bit-exact only with that).
stored = sitk.ReadImage(os.path.join(out, "input.nii.gz"))


def swt3(matrix, wavelet, start_level, level):  # imageoperations._swt3
    axes = (2, 1, 0)
    original_shape = matrix.shape
    padding = tuple([(0, 1 if dim % 2 != 0 else 0) for dim in original_shape])
    data = np.pad(matrix.copy(), padding, "wrap")
    w = pywt.Wavelet(wavelet)
    for _ in range(start_level):
        data = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0]["aaa"].copy()
    ret = []
    for _ in range(start_level, start_level + level):
        dec = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0]
        data = dec["aaa"].copy()
        d = {}
        for k, v in dec.items():
            v = v[tuple(slice(None, -1 if dim % 2 != 0 else None) for dim in original_shape)]
            d[k.replace("a", "L").replace("d", "H")] = v
        ret.append(d)
    return ret


a64 = arr.astype(np.float64)
for band in ["LLL", "LLH", "HLH", "HHH"]:
    save(swt3(a64, "coif1", 0, 1)[0][band], "wavelet-coif1-start0-" + band)
save(swt3(a64, "haar", 1, 1)[0]["LHL"], "wavelet-haar-start1-LHL")
save(swt3(a64, "db2", 0, 2)[1]["HLL"], "wavelet2-db2-start0-HLL")

m = np.max(np.abs(a64))
save((a64 / np.sqrt(m)) ** 2, "square")
s = a64.copy(); s[s > 0] = np.sqrt(s[s > 0] * m); s[s < 0] = -np.sqrt(-s[s < 0] * m); save(s, "squareroot")
l = a64.copy(); l[l > 0] = np.log(l[l > 0] + 1); l[l < 0] = -np.log(-(l[l < 0] - 1)); save(l * (m / np.max(np.abs(l))), "logarithm")
save(np.exp(np.log(m) / m * a64), "exponential")

g = sitk.GradientMagnitudeImageFilter(); g.SetUseImageSpacing(True)
save(sitk.GetArrayFromImage(g.Execute(sitk.Cast(stored, sitk.sitkFloat64))), "gradient")
for sigma in [0.5, 1.0, 2.0, 3.0]:
    f = sitk.LaplacianRecursiveGaussianImageFilter(); f.SetNormalizeAcrossScale(True); f.SetSigma(sigma)
    save(sitk.GetArrayFromImage(f.Execute(stored)), "log-sigma-%s" % str(sigma).replace(".", "-"))
from skimage.feature import local_binary_pattern  # imageoperations.getLBP2DImage, force2Ddimension 0
lbp = arr.copy()
for idx in range(lbp.shape[0]):
    lbp[idx, ...] = local_binary_pattern(lbp[idx, ...], P=8, R=1, method="uniform")
save(lbp, "lbp-2D-R1-P8")
lbp = arr.copy()
for idx in range(lbp.shape[0]):
    lbp[idx, ...] = local_binary_pattern(lbp[idx, ...], P=12, R=2.5, method="uniform")
save(lbp, "lbp-2D-R2.5-P12")
print("wrote", sorted(os.listdir(out)))
