#!/usr/bin/env python3
"""Fixtures for the ITK shim (Sources/CITK), written with SimpleITK into Fixtures/itk/.

- formats/: one small synthetic image as NIfTI and as every ITK format radiomics reads through
  ITK (MetaImage .mha and .mhd/.raw, VTK, GIPL, MINC, MRC, Analyze 7.5), plus a mask, and
  formats.json: the size, spacing, origin, direction and voxel checksum SimpleITK reads from
  each file (the oblique image for the formats that store a direction, an axis-aligned one for
  those that do not).
- n4/: a small synthetic MR-like volume (a "head" of three tissues with noise) multiplied by a
  smooth bias field, its head mask, and SimpleITK's N4 of it with the recipe radiomics uses
  (shrink, fit, evaluate the log bias lattice on the full grid, divide), with and without mask.

Run from the repository root with the project venv: /work/venv/bin/python Scripts/make_itk_fixtures.py
"""
import json
import os

import numpy as np
import SimpleITK as sitk

OUT = "Fixtures/itk"


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def describe(path, image):
    a = sitk.GetArrayFromImage(image).astype(np.float64)
    return {
        "file": path,
        "size": list(image.GetSize()),
        "spacing": list(image.GetSpacing()),
        "origin": list(image.GetOrigin()),
        "direction": list(image.GetDirection()),
        "sum": float(a.sum()),
        "sum_of_squares": float((a * a).sum()),
        "pixel_type": image.GetPixelIDTypeAsString(),
    }


def formats():
    os.makedirs(f"{OUT}/formats", exist_ok=True)
    rng = np.random.default_rng(16)
    nz, ny, nx = 9, 11, 13
    z, y, x = np.mgrid[0:nz, 0:ny, 0:nx]
    blob = 400 * np.exp(-(((x - 6) / 4) ** 2 + ((y - 5) / 3.5) ** 2 + ((z - 4) / 3) ** 2))
    voxels = (blob + rng.normal(0, 20, blob.shape) - 50).round().astype(np.int16)
    mask = (((x - 6) / 4.5) ** 2 + ((y - 5) / 4) ** 2 + ((z - 4) / 3.2) ** 2 <= 1).astype(np.uint8)

    oblique = sitk.GetImageFromArray(voxels)
    oblique.SetSpacing((0.8, 0.9, 2.5))
    oblique.SetOrigin((-12.5, 30.25, 7.0))
    oblique.SetDirection(tuple(rotation(0.1, -0.2, 0.3).flatten()))
    aligned = sitk.GetImageFromArray(voxels)
    aligned.SetSpacing((0.8, 0.9, 2.5))
    aligned.SetOrigin((-12.5, 30.25, 7.0))

    entries = []
    for stem, image in [("oblique", oblique), ("aligned", aligned)]:
        m = sitk.GetImageFromArray(mask)
        m.CopyInformation(image)
        sitk.WriteImage(m, f"{OUT}/formats/{stem}_mask.nii.gz")
        sitk.WriteImage(image, f"{OUT}/formats/{stem}.nii.gz")
    # Formats that store a direction get the oblique image; the others the axis-aligned one.
    writes = [
        ("oblique.mha", oblique, True), ("oblique.mhd", oblique, False),
        ("aligned.vtk", aligned, False),
        ("aligned.gipl", aligned, False), ("oblique.mnc", oblique, False),
        ("aligned.mrc", aligned, False),
    ]
    for name, image, compress in writes:
        path = f"{OUT}/formats/{name}"
        try:
            sitk.WriteImage(image, path, compress)
        except RuntimeError as error:
            print(f"skipped {name}: {str(error).splitlines()[-1]}")
            continue
        back = sitk.ReadImage(path)
        entries.append(describe(path, back))
    # Analyze 7.5: the NIfTI pair with its "ni1" magic blanked (no origin, no direction).
    path = f"{OUT}/formats/aligned_analyze.hdr"
    sitk.WriteImage(aligned, path)
    header = bytearray(open(path, "rb").read())
    header[344:348] = b"\0\0\0\0"
    open(path, "wb").write(header)
    entries.append(describe(path, sitk.ReadImage(path)))
    for stem in ["oblique", "aligned"]:
        path = f"{OUT}/formats/{stem}.nii.gz"
        entries.append(describe(path, sitk.ReadImage(path)))
    with open(f"{OUT}/formats.json", "w") as f:
        json.dump({"simpleitk": sitk.Version.VersionString(), "images": entries}, f, indent=1)


def n4(image, mask, shrink, iterations):
    """SimpleITK's N4 the usual way: fit on the shrunk image, divide the full image by exp(log bias)."""
    shrunk = sitk.Shrink(image, [shrink] * 3)
    corrector = sitk.N4BiasFieldCorrectionImageFilter()
    corrector.SetMaximumNumberOfIterations(iterations)
    if mask is None:
        corrector.Execute(shrunk)
    else:
        corrector.Execute(shrunk, sitk.Shrink(mask, [shrink] * 3))
    log_bias = corrector.GetLogBiasFieldAsImage(image)
    return sitk.Cast(image / sitk.Exp(log_bias), sitk.sitkFloat32)


def n4_fixtures():
    os.makedirs(f"{OUT}/n4", exist_ok=True)
    rng = np.random.default_rng(1604)
    nz, ny, nx = 24, 56, 48
    z, y, x = np.mgrid[0:nz, 0:ny, 0:nx].astype(np.float64)
    r = ((x - 23.5) / 20) ** 2 + ((y - 27.5) / 25) ** 2 + ((z - 11.5) / 10.5) ** 2
    head = r <= 1
    truth = np.where(r <= 1, 300.0, 10.0)                       # "scalp / CSF"
    truth = np.where(r <= 0.75, 520.0, truth)                   # "white matter"
    truth = np.where((r <= 0.75) & (np.sin(x / 3) * np.cos(y / 4) > 0.3), 380.0, truth)  # "grey matter"
    truth = np.where(r <= 0.08, 250.0, truth)                   # "ventricles"
    bias = np.exp(0.35 * (x - 23.5) / 24 - 0.25 * (y - 27.5) / 28 + 0.2 * ((z - 11.5) / 12) ** 2)
    noisy = truth * bias + np.abs(rng.normal(0, 8, truth.shape))
    image = sitk.GetImageFromArray(noisy.astype(np.float32))
    image.SetSpacing((1.0, 1.0, 2.0))
    image.SetOrigin((-24.0, -28.0, -23.0))
    mask = sitk.GetImageFromArray(head.astype(np.uint8))
    mask.CopyInformation(image)
    sitk.WriteImage(image, f"{OUT}/n4/mr.nii.gz")
    sitk.WriteImage(mask, f"{OUT}/n4/head.nii.gz")
    sitk.WriteImage(n4(image, mask, 2, [50, 50, 30, 20]), f"{OUT}/n4/mr_n4_mask_shrink2.nii.gz")
    sitk.WriteImage(n4(image, None, 4, [50, 50, 30, 20]), f"{OUT}/n4/mr_n4_shrink4.nii.gz")


if __name__ == "__main__":
    formats()
    n4_fixtures()
