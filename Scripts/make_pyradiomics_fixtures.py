#!/usr/bin/env python3
"""Generate the pyradiomics agreement fixtures in Fixtures/pyradiomics/.

Creates a throw-away venv with pyradiomics-bhklab 3.1.4 (pyradiomics 3.1.0 does not build on
Python 3.11), writes small synthetic CT-like volumes and masks, runs pyradiomics on them with the
parameter files in Fixtures/pyradiomics/params/ and commits its output as expected values.
The Swift test suite only reads the results; it never runs Python.

Usage: python3 Scripts/make_pyradiomics_fixtures.py [--venv /tmp/pyrad-venv]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "pyradiomics")
# scipy < 1.17 and trimesh: pyradiomics' LBP3D needs both (scipy 1.17 removed sph_harm; without
# them pyradiomics skips LBP3D with a warning).
PINS = ["pyradiomics-bhklab==3.1.4", "SimpleITK", "numpy", "scipy<1.17", "trimesh"]

PARAMS = {
    # Original image, every feature class, pyradiomics defaults except binWidth 25.
    "original_bw25": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 25
  label: 1
""",
    # Another bin width, a voxelArrayShift and a non-default GLCM symmetry/weighting.
    "original_bw10": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 10
  voxelArrayShift: 1000
  label: 1
""",
    # Resampling to 1 mm isotropic with B-spline interpolation.
    "resampled_bspline": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 25
  interpolator: sitkBSpline
  resampledPixelSpacing: [1, 1, 1]
  padDistance: 5
  label: 1
""",
    # The second label of a multi-label mask.
    "label2": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 25
  label: 2
""",
    # Slice-by-slice (force2D) texture on 3D volumes.
    "force2d": """
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
  force2D: true
  force2Ddimension: 0
  label: 1
""",
    # The 2D shape class needs a single-slice mask.
    "shape2d": """
imageType:
  Original: {}
featureClass:
  shape2D:
  firstorder:
  glcm:
setting:
  binWidth: 25
  force2D: true
  force2Ddimension: 0
  label: 1
""",
    # Normalisation (SimpleITK Normalize, scale, outlier clipping) with a small bin width.
    "normalize": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
setting:
  normalize: true
  normalizeScale: 100
  removeOutliers: 3
  binWidth: 5
  label: 1
""",
    # Re-segmentation in sigma mode, with pre-cropping and a fixed bin count.
    "resegment_sigma": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
setting:
  resegmentRange: [-1.5, 2]
  resegmentMode: sigma
  preCrop: true
  binCount: 16
  label: 1
""",
    # Absolute re-segmentation that also applies to the shape mask.
    "resegment_absolute_shape": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
setting:
  resegmentRange: [-20, 120]
  resegmentShape: true
  binWidth: 25
  label: 1
""",
    # pyradiomics' simple intensity filters.
    "simple_filters": """
imageType:
  Original: {}
  Square: {}
  SquareRoot: {}
  Logarithm: {}
  Exponential: {}
  Gradient: {}
featureClass:
  firstorder:
setting:
  binWidth: 10
  label: 1
""",
    # A mask on another grid, re-sampled onto the image grid (nearest neighbour).
    "correct_mask": """
imageType:
  Original: {}
featureClass:
  shape:
  firstorder:
setting:
  correctMask: true
  binWidth: 25
  label: 1
""",
    # Filtered image types.
    "log_wavelet": """
imageType:
  Original: {}
  LoG:
    sigma: [1.0, 2.0]
  Wavelet: {}
featureClass:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binWidth: 10
  label: 1
""",
    # LBP3D with its defaults (levels 2, icosphere radius 1, subdivision 1); LBP maps need a small bin width.
    "lbp3d": """
imageType:
  LBP3D:
    binWidth: 1.0
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
""",
    # LBP3D with 3 levels on a 2-subdivision icosphere of radius 1.5 voxels, binCount.
    "lbp3d_levels3": """
imageType:
  LBP3D:
    lbp3DLevels: 3
    lbp3DIcosphereRadius: 1.5
    lbp3DIcosphereSubdivision: 2
featureClass:
  firstorder:
  glcm:
  glrlm:
  glszm:
  ngtdm:
  gldm:
setting:
  binCount: 16
  label: 1
""",
}


def ensure_venv(venv):
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    subprocess.check_call([py, "-m", "pip", "install", "-q"] + PINS)
    return py


def main():
    venv = "/tmp/pyrad-venv"
    if "--venv" in sys.argv:
        venv = sys.argv[sys.argv.index("--venv") + 1]
    if os.environ.get("PYRAD_INNER") != "1":
        py = ensure_venv(venv)
        env = dict(os.environ, PYRAD_INNER="1")
        subprocess.check_call([py, os.path.abspath(__file__)], env=env)
        return
    generate()


# ---------------------------------------------------------------- inside the venv

def make_cases():
    import numpy as np
    import SimpleITK as sitk

    rng = np.random.default_rng(20261122)
    cases = {}

    def ct_image(shape, mask, spacing, direction=None, origin=(0.0, 0.0, 0.0)):
        # shape is (z, y, x); CT-like: air/soft tissue background, a denser lesion, noise.
        z, y, x = np.indices(shape)
        base = -50.0 + 0.8 * (x - shape[2] / 2) + 1.5 * np.sin(y / 3.0) * 10
        img = base + rng.normal(0, 35, shape)
        img[mask > 0] += 60 + 0.5 * (z[mask > 0] * 3)
        img = np.clip(np.round(img), -1024, 3071).astype(np.int16)
        im = sitk.GetImageFromArray(img)
        im.SetSpacing(spacing)
        im.SetOrigin(origin)
        if direction is not None:
            im.SetDirection(direction)
        return im

    def mask_image(mask, ref):
        m = sitk.GetImageFromArray(mask.astype(np.uint8))
        m.CopyInformation(ref)
        return m

    def ellipsoid(shape, centre, radii):
        z, y, x = np.indices(shape).astype(float)
        return (((x - centre[0]) / radii[0]) ** 2 + ((y - centre[1]) / radii[1]) ** 2
                + ((z - centre[2]) / radii[2]) ** 2 <= 1.0).astype(np.uint8)

    shape = (30, 40, 40)
    sphere = ellipsoid(shape, (19.3, 20.1, 14.6), (9, 9, 9))
    im = ct_image(shape, sphere, (1.0, 1.0, 1.0), origin=(-20.0, -20.0, 10.0))
    cases["sphere"] = (im, mask_image(sphere, im))

    ell = ellipsoid(shape, (20.2, 19.4, 15.3), (12, 7, 5))
    im = ct_image(shape, ell, (0.8, 0.8, 2.5), origin=(3.5, -7.25, 100.0))
    cases["ellipsoid_aniso"] = (im, mask_image(ell, im))

    blob = np.zeros(shape, np.uint8)
    for c, r in [((15, 18, 12), (6, 5, 4)), ((22, 22, 16), (5, 7, 5)), ((18, 26, 18), (4, 4, 6)),
                 ((25, 14, 14), (3, 4, 3))]:
        blob |= ellipsoid(shape, c, r)
    blob[14:17, 20:23, 12:15] = 0   # a hole
    im = ct_image(shape, blob, (1.2, 0.9, 1.5))
    cases["blob_irregular"] = (im, mask_image(blob, im))

    flipped_dir = (-1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
    im = ct_image(shape, ell, (0.9, 1.1, 2.0), direction=flipped_dir, origin=(30.0, -12.0, 60.0))
    cases["ellipsoid_flipped"] = (im, mask_image(ell, im))

    multi = np.zeros(shape, np.uint8)
    multi[ellipsoid(shape, (13, 20, 15), (7, 8, 6)) > 0] = 1
    multi[ellipsoid(shape, (28, 19, 14), (6, 5, 7)) > 0] = 2
    im = ct_image(shape, (multi > 0).astype(np.uint8), (1.0, 1.0, 1.5))
    cases["multilabel"] = (im, mask_image(multi, im))

    # The sphere's mask on a smaller grid (same physical placement): needs correctMask.
    im, m = cases["sphere"]
    cases["sphere_subgrid_mask"] = (im, sitk.RegionOfInterest(m, (34, 36, 27), (3, 2, 1)))

    slab = (1, 40, 40)
    disc = ellipsoid(slab, (19.5, 18.7, 0), (11, 8, 1)) | ellipsoid(slab, (27, 26, 0), (5, 6, 1))
    im = ct_image(slab, disc, (0.7, 0.7, 3.0), origin=(-14.0, -14.0, 42.0))
    cases["slice2d"] = (im, mask_image(disc, im))
    return cases


# Which parameter file runs on which case.
RUNS = {
    "original_bw25": ["sphere", "ellipsoid_aniso", "blob_irregular", "ellipsoid_flipped", "multilabel"],
    "original_bw10": ["sphere", "ellipsoid_aniso", "blob_irregular"],
    "resampled_bspline": ["ellipsoid_aniso", "blob_irregular", "ellipsoid_flipped"],
    "label2": ["multilabel"],
    "force2d": ["sphere", "ellipsoid_aniso"],
    "shape2d": ["slice2d"],
    "correct_mask": ["sphere_subgrid_mask"],
    "simple_filters": ["sphere", "ellipsoid_flipped"],
    "normalize": ["sphere", "ellipsoid_flipped"],
    "resegment_sigma": ["ellipsoid_aniso", "blob_irregular"],
    "resegment_absolute_shape": ["sphere", "blob_irregular"],
    "log_wavelet": ["sphere", "ellipsoid_aniso"],
    "lbp3d": ["sphere", "ellipsoid_aniso"],
    "lbp3d_levels3": ["blob_irregular"],
}


def text(v):
    import numpy as np
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, np.ndarray) and v.size == 1:
        return repr(float(v.reshape(-1)[0]))
    return str(v)


def generate():
    import csv
    import logging
    import SimpleITK as sitk
    import radiomics
    from radiomics import featureextractor

    radiomics.logger.setLevel(logging.ERROR)
    os.makedirs(os.path.join(OUT, "cases"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "params"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)

    cases = make_cases()
    for name, (im, m) in cases.items():
        sitk.WriteImage(im, os.path.join(OUT, "cases", name + "_image.nii.gz"), True)
        sitk.WriteImage(m, os.path.join(OUT, "cases", name + "_mask.nii.gz"), True)

    for pname, body in PARAMS.items():
        ppath = os.path.join(OUT, "params", pname + ".yaml")
        with open(ppath, "w") as f:
            f.write(body.lstrip())
        extractor = featureextractor.RadiomicsFeatureExtractor(ppath)
        rows = []
        for case in RUNS[pname]:
            ipath = os.path.join(OUT, "cases", case + "_image.nii.gz")
            mpath = os.path.join(OUT, "cases", case + "_mask.nii.gz")
            # Read back what was written so the expected values come from the committed files.
            result = extractor.execute(ipath, mpath)
            row = {"Case": case, "Image": "cases/" + case + "_image.nii.gz", "Mask": "cases/" + case + "_mask.nii.gz"}
            for k, v in result.items():
                row[k] = text(v)
            rows.append(row)
        keys = list(rows[0].keys())
        with open(os.path.join(OUT, "expected", pname + ".csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=keys)
            w.writeheader()
            for r in rows:
                w.writerow(r)
        print(pname, len(rows), "rows,", len(keys), "columns")

    tiny_texture()


def tiny_texture():
    """Texture matrices and pyradiomics features on tiny inputs, for the formula tests."""
    import numpy as np
    import SimpleITK as sitk
    from radiomics import glcm, glrlm, glszm, ngtdm, gldm, cMatrices

    rng = np.random.default_rng(7)
    arr = rng.integers(0, 120, (3, 5, 4)).astype(np.int16)
    mask = np.ones(arr.shape, np.uint8)
    mask[0, 0, :] = 0
    mask[2, 4, 3] = 0
    im = sitk.GetImageFromArray(arr)
    im.SetSpacing((0.8, 1.0, 1.5))
    m = sitk.GetImageFromArray(mask)
    m.CopyInformation(im)
    out = {"image_zyx": arr.tolist(), "mask_zyx": mask.tolist(), "spacing_xyz": [0.8, 1.0, 1.5],
           "binWidth": 25, "classes": {}}
    variants = {
        "glcm_default": (glcm.RadiomicsGLCM, {"binWidth": 25}),
        "glcm_asym_manhattan": (glcm.RadiomicsGLCM, {"binWidth": 25, "symmetricalGLCM": False, "weightingNorm": "manhattan"}),
        "glcm_euclidean": (glcm.RadiomicsGLCM, {"binWidth": 25, "weightingNorm": "euclidean"}),
        "glcm_infinity": (glcm.RadiomicsGLCM, {"binWidth": 25, "weightingNorm": "infinity"}),
        "glcm_no_weighting": (glcm.RadiomicsGLCM, {"binWidth": 25, "weightingNorm": "no_weighting"}),
        "glrlm_default": (glrlm.RadiomicsGLRLM, {"binWidth": 25}),
        "glrlm_euclidean": (glrlm.RadiomicsGLRLM, {"binWidth": 25, "weightingNorm": "euclidean"}),
        "glszm_default": (glszm.RadiomicsGLSZM, {"binWidth": 25}),
        "ngtdm_default": (ngtdm.RadiomicsNGTDM, {"binWidth": 25}),
        "gldm_default": (gldm.RadiomicsGLDM, {"binWidth": 25}),
        "gldm_a1": (gldm.RadiomicsGLDM, {"binWidth": 25, "gldm_a": 1}),
    }
    for name, (cls, kw) in variants.items():
        fc = cls(im, m, **kw)
        fc.enableAllFeatures()
        vals = fc.execute()
        entry = {"settings": {k: v for k, v in kw.items()}, "features": {k: float(v) for k, v in vals.items()}}
        if hasattr(fc, "P_glcm"):
            entry["matrix"] = fc.P_glcm[0].transpose(2, 0, 1).tolist()  # [angle][i][j]
        for attr in ("P_glrlm", "P_glszm", "P_gldm"):
            if hasattr(fc, attr):
                p = getattr(fc, attr)[0]
                entry["matrix"] = (p.transpose(2, 0, 1).tolist() if p.ndim == 3 else p.tolist())
        if hasattr(fc, "P_ngtdm"):
            entry["matrix"] = fc.P_ngtdm[0].tolist()  # rows: [n_i, s_i, i]
        # The raw per-angle matrices as cMatrices builds them (grey levels 1…Ng, before pyradiomics
        # drops absent grey levels, symmetrises, weights and normalises), with their (z, y, x) angles.
        raw = cls(im, m, **kw)
        Ng = raw.coefficients["Ng"]
        if name.startswith("glcm"):
            P, angles = cMatrices.calculate_glcm(raw.imageArray, raw.maskArray, np.array([1]), Ng, False, 0)
            entry["raw"] = P[0].transpose(2, 0, 1).tolist()
            entry["rawAngles"] = np.asarray(angles).tolist()
        if name.startswith("glrlm"):
            P, angles = cMatrices.calculate_glrlm(raw.imageArray, raw.maskArray, Ng, int(np.max(raw.imageArray.shape)), False, 0)
            entry["raw"] = P[0].transpose(2, 0, 1).tolist()
            entry["rawAngles"] = np.asarray(angles).tolist()
        if name.startswith("glszm"):
            P = cMatrices.calculate_glszm(raw.imageArray, raw.maskArray, Ng, int(np.sum(raw.maskArray)), False, 0)
            entry["raw"] = P[0].tolist()  # [grey level 1…Ng][zone size 1…Ns]
        if name.startswith("gldm"):
            P = cMatrices.calculate_gldm(raw.imageArray, raw.maskArray, np.array([1]), Ng, kw.get("gldm_a", 0), False, 0)
            entry["raw"] = P[0].tolist()  # [grey level 1…Ng][dependence size 1…Nd]
        entry["Ng"] = int(Ng)
        if hasattr(fc, "angles"):
            entry["angles"] = np.asarray(fc.angles).tolist()
        if hasattr(fc, "coefficients") and "grayLevels" in fc.coefficients:
            entry["grayLevels"] = np.asarray(fc.coefficients["grayLevels"]).tolist()
        if hasattr(fc, "coefficients") and "Np" in fc.coefficients:
            entry["Np"] = np.asarray(fc.coefficients["Np"]).tolist()
        out["classes"][name] = entry
    with open(os.path.join(OUT, "expected", "tiny_texture.json"), "w") as f:
        json.dump(out, f, indent=1)
    print("tiny_texture.json written")


if __name__ == "__main__":
    main()
