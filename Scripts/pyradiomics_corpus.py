#!/usr/bin/env python3
"""Differential corpus against pyradiomics-bhklab 3.1.4 (issue 14): Fixtures/pyradiomics-corpus/.

Small synthetic cases, each varying a few axes along which implementations diverge (pixel type,
container, resampling, ROI shape, direction, settings, image type), written with pyradiomics'
expected output. The Swift suite (PyRadiomicsCorpusTests) only reads them; it never runs Python.

Usage: /work/venv/bin/python Scripts/pyradiomics_corpus.py [case …]   (a venv with pyradiomics-bhklab 3.1.4,
SimpleITK, pydicom, PyWavelets, scipy<1.17, trimesh, scikit-image)

With case names, only those cases are regenerated (the others' fixtures stay byte-identical).

LBP3D is not in the corpus: pyradiomics skips it with scipy ≥ 1.17 (Fixtures/pyradiomics covers it).

Layout: cases/<case>/{image.nii.gz|image.nrrd|image/ (DICOM series), mask.nii.gz, params.yaml,
expected.json}; index.json lists the cases with the axes each varies. expected.json holds every
numeric pyradiomics output (features and numeric diagnostics, repr precision) or, when pyradiomics
raises, its error message.
"""
import glob
import json
import logging
import math
import os
import shutil
import sys
import zlib

import numpy as np
import SimpleITK as sitk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "pyradiomics-corpus")
SIZE = (16, 24, 26)  # numpy (z, y, x)
ALL = ["shape", "firstorder", "glcm", "glrlm", "glszm", "ngtdm", "gldm"]

# Value ranges per pixel type: (offset, scale) of the base pattern (about −1…1.5). (u)int8 stay below
# max − 2·binWidth: pyradiomics computes bin edges in the image's dtype, which overflows there.
RANGES = {
    "int8": (0, 30), "uint8": (80, 40), "int16": (40, 120), "uint16": (900, 600),
    "int32": (300, 900), "float32": (20, 60), "float64": (-3, 4),
}


def pattern(shape, seed):
    """A smooth CT-like pattern with a denser lesion and noise, about −1…1.5."""
    rng = np.random.default_rng(seed)
    z, y, x = np.meshgrid(*[np.arange(n, dtype=float) for n in shape], indexing="ij")
    c = [n / 2 for n in shape]
    r = np.sqrt(((z - c[0]) / 4) ** 2 + ((y - c[1]) / 6) ** 2 + ((x - c[2]) / 7) ** 2)
    v = 0.5 * np.sin(x / 3.0) * np.cos(y / 4.0) + 0.02 * z + np.where(r < 1, 0.8, 0.0)
    return v + 0.35 * rng.standard_normal(shape)


def image_array(dtype, shape, seed):
    off, scale = RANGES[dtype]
    v = off + scale * pattern(shape, seed)
    if dtype.startswith("float"):
        return v.astype(dtype)
    info = np.iinfo(dtype)
    return np.clip(np.round(v), info.min, info.max).astype(dtype)


def ellipsoid(shape, centre, radii):
    z, y, x = np.meshgrid(*[np.arange(n, dtype=float) for n in shape], indexing="ij")
    return ((z - centre[0]) / radii[0]) ** 2 + ((y - centre[1]) / radii[1]) ** 2 + ((x - centre[2]) / radii[2]) ** 2 <= 1


def mask_array(kind, shape, seed=0):
    m = np.zeros(shape, np.uint8)
    Z, Y, X = shape
    if kind == "block":
        m[4:12, 6:17, 7:19] = 1
    elif kind == "sphere":
        m[ellipsoid(shape, (Z / 2, Y / 2, X / 2), (5.5, 5.5, 5.5))] = 1
    elif kind == "blob":
        m[ellipsoid(shape, (8, 11, 12), (4, 6, 5)) | ellipsoid(shape, (6, 15, 17), (3, 4, 5))] = 1
        m[7:9, 10:12, 11:13] = 0  # a hole
    elif kind == "one_slice":
        m[7][ellipsoid((1, Y, X), (0, 12, 13), (1, 6, 7))[0]] = 1
    elif kind == "one_slice_y":  # one voxel thick along numpy axis 1 (y)
        m[3:13, 12, 5:20] = 1
    elif kind == "one_slice_x":  # one voxel thick along numpy axis 2 (x)
        m[3:13, 4:20, 13] = 1
    elif kind == "one_row":
        m[7, 12, 5:21] = 1
    elif kind == "isolated":
        m[5:11, 8:15, 9:17] = 1
        m[2, 2, 2] = m[13, 20, 22] = m[2, 20, 4] = 1
    elif kind == "sparse":
        rng = np.random.default_rng(seed + 7)
        box = np.zeros(shape, bool)
        box[3:13, 5:19, 5:21] = True
        m[box & (rng.random(shape) < 0.22)] = 1
    elif kind == "border":
        m[0:6, 0:9, 14:X] = 1
        m[ellipsoid(shape, (3, 4, X - 3), (3, 4, 5))] = 1
    elif kind == "multilabel":
        m[3:9, 4:12, 4:13] = 1
        m[ellipsoid(shape, (10, 16, 18), (4, 5, 5))] = 2
    else:
        raise ValueError(kind)
    return m


def direction_matrix(kind):
    if kind == "identity":
        return np.eye(3)
    if kind == "flipped":
        return np.diag([-1.0, 1.0, -1.0])
    if kind == "oblique":  # 30° about z, then 20° about x
        a, b = math.radians(30), math.radians(20)
        rz = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
        rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
        return rz @ rx
    raise ValueError(kind)


def to_sitk(arr, spacing, direction, origin):
    img = sitk.GetImageFromArray(arr)
    img.SetSpacing([float(s) for s in spacing])
    img.SetDirection([float(v) for v in direction_matrix(direction).reshape(-1)])
    img.SetOrigin([float(o) for o in origin])
    return img


def write_dicom_series(arr, spacing, direction, origin, folder, intercept, seed):
    """A CT series with pydicom: stored int16 (or uint16 with a negative intercept), one file per slice."""
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid
    os.makedirs(folder)
    d = direction_matrix(direction)
    rng = np.random.default_rng(seed)
    study, series, frame = (generate_uid(entropy_srcs=[f"{folder}{k}"]) for k in ("st", "se", "fr"))
    stored = arr.astype(np.int32) - int(intercept)
    unsigned = stored.min() >= 0 and intercept != 0
    order = rng.permutation(arr.shape[0])  # files not in slice order
    for n, k in enumerate(order):
        ds = Dataset()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[f"{folder}{k}"])
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.Modality, ds.PatientID, ds.PatientName = "CT", "corpus", "corpus"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.SeriesNumber, ds.InstanceNumber = 1, int(k) + 1
        pos = np.array(origin, float) + d @ np.array([0.0, 0.0, k * spacing[2]])
        ds.ImagePositionPatient = [f"{v:.6f}" for v in pos]
        ds.ImageOrientationPatient = [f"{v:.8f}" for v in list(d[:, 0]) + list(d[:, 1])]
        ds.PixelSpacing = [f"{spacing[1]:.6f}", f"{spacing[0]:.6f}"]  # row spacing (y), column spacing (x)
        ds.SliceThickness = f"{spacing[2]:.6f}"
        ds.Rows, ds.Columns = arr.shape[1], arr.shape[2]
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated = ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 0 if unsigned else 1
        ds.RescaleIntercept, ds.RescaleSlope = str(intercept), "1"
        ds.PixelData = stored[k].astype(np.uint16 if unsigned else np.int16).tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        pydicom.dcmwrite(os.path.join(folder, f"slice{n:03d}.dcm"), ds, enforce_file_format=True)


def read_dicom_series(folder):
    r = sitk.ImageSeriesReader()
    r.SetFileNames(r.GetGDCMSeriesFileNames(folder))
    return r.Execute()


# ---------------------------------------------------------------------------------------------
# The design: each case varies a few axes; everything else is the base (int16 NIfTI, 1 mm, identity
# direction, block ROI, Original, every class, binWidth 25).

def case(name, *, dtype="int16", container="nifti", spacing=(1.0, 1.0, 1.0), direction="identity",
         origin=(-12.5, 8.0, 30.0), mask="block", setting=None, imageType=None, featureClass=None,
         intercept=0, mask_geometry=None, axes=""):
    return dict(name=name, dtype=dtype, container=container, spacing=spacing, direction=direction, origin=origin,
                mask=mask, setting=setting or {}, imageType=imageType or {"Original": {}},
                featureClass=featureClass or {c: None for c in ALL}, intercept=intercept,
                mask_geometry=mask_geometry, axes=axes)


R = {"resampledPixelSpacing": [1, 1, 1], "interpolator": "sitkBSpline"}
FO_GLCM = {"firstorder": None, "glcm": None}
TEX = {c: None for c in ALL if c != "shape"}

CASES = [
    # Pixel types and containers, no resampling.
    case("int16_nifti_block", axes="pixel int16; NIfTI; block"),
    case("uint8_nrrd_sphere", dtype="uint8", container="nrrd", mask="sphere", setting={"binCount": 32},
         axes="pixel uint8; NRRD; sphere; binCount"),
    case("int8_nifti_sphere", dtype="int8", mask="sphere", setting={"binWidth": 5}, axes="pixel int8; binWidth 5"),
    case("int32_nrrd_blob", dtype="int32", container="nrrd", mask="blob", setting={"binWidth": 50, "distances": [1, 2]},
         featureClass={c: None for c in ["shape", "firstorder", "glcm", "glrlm", "glszm"]},
         axes="pixel int32; NRRD; blob; distances [1,2]"),
    case("distances_ngtdm_gldm", mask="blob", setting={"distances": [1, 2]}, featureClass={"ngtdm": None, "gldm": None},
         axes="distances [1,2] for NGTDM and GLDM"),
    case("uint16_nifti_blob", dtype="uint16", mask="blob", setting={"binWidth": 100, "voxelArrayShift": 500},
         axes="pixel uint16; voxelArrayShift"),
    case("float32_nifti_normalize", dtype="float32", mask="sphere",
         setting={"binWidth": 10, "normalize": True, "normalizeScale": 100, "removeOutliers": 3},
         axes="pixel float32; normalize, normalizeScale, removeOutliers"),
    # SimpleITK's Normalize outputs float64 for every input: binWidth 5 on ×100 z-scores (the exampleMR
    # files) and every image type reads that float64 image.
    case("int16_normalize_binwidth5_filters", mask="sphere",
         setting={"binWidth": 5, "normalize": True, "normalizeScale": 100},
         imageType={"Original": {}, "LoG": {"sigma": [1.0, 2.0]}, "Wavelet": {}, "Square": {}, "SquareRoot": {},
                    "Logarithm": {}, "Exponential": {}, "Gradient": {}},
         featureClass={"firstorder": None, "glcm": None, "glszm": None},
         axes="pixel int16; normalize ×100, binWidth 5; Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential, Gradient"),
    # A float64 file stays float64 in SimpleITK, pywt and numpy (and in our recipe).
    case("float64_nifti_filters", dtype="float64", mask="sphere", setting={"binWidth": 0.1},
         imageType={"Original": {}, "LoG": {"sigma": [1.0, 2.0]}, "Wavelet": {}},
         featureClass={"firstorder": None, "glcm": None}, axes="pixel float64; NIfTI; binWidth 0.1; Original, LoG, Wavelet"),
    case("float64_nrrd_resegment_absolute", dtype="float64", container="nrrd", mask="blob",
         setting={"binCount": 16, "resegmentRange": [-4, 5]}, axes="pixel float64; NRRD; resegmentRange absolute"),
    case("int16_resegment_sigma_shape", mask="sphere",
         setting={"resegmentRange": [-1.5, 2], "resegmentMode": "sigma", "resegmentShape": True},
         axes="resegmentMode sigma; resegmentShape"),
    case("int16_resegment_relative", mask="blob", setting={"resegmentRange": [0.1, 0.9], "resegmentMode": "relative"},
         axes="resegmentMode relative"),
    # Resampling: interpolators, isotropic/anisotropic targets, padDistance, pixel type kept.
    case("resample_bspline_int16_nifti", spacing=(0.8, 0.8, 2.5), mask="sphere", setting=dict(R),
         axes="resampling B-spline to 1 mm; int16 NIfTI"),
    case("resample_bspline_int16_nrrd", container="nrrd", spacing=(0.8, 0.8, 2.5), mask="sphere", setting=dict(R),
         axes="resampling B-spline; int16 NRRD (integer type kept)"),
    case("resample_bspline_uint16_nrrd", dtype="uint16", container="nrrd", spacing=(0.9, 0.9, 3.0), mask="blob",
         setting=dict(R, binWidth=50), axes="resampling B-spline; uint16 NRRD (MR)"),
    case("resample_bspline_int8_nifti", dtype="int8", spacing=(1.3, 1.3, 1.6), mask="blob",
         setting=dict(R, binWidth=5, padDistance=2), axes="resampling B-spline down; int8; padDistance 2"),
    case("resample_bspline_float32", dtype="float32", spacing=(0.8, 0.8, 2.5), mask="sphere", setting=dict(R, binWidth=5),
         axes="resampling B-spline; float32"),
    case("resample_near1mm_int16", spacing=(0.977, 0.977, 1.0), mask="blob", setting=dict(R),
         axes="resampling B-spline 0.977 → 1 mm (lung CT case); int16 NIfTI"),
    case("resample_linear_aniso_target", spacing=(1.0, 1.0, 1.0), mask="blob",
         setting={"resampledPixelSpacing": [0.7, 1.3, 2.0], "interpolator": "sitkLinear", "padDistance": 2},
         axes="resampling linear to anisotropic [0.7,1.3,2]"),
    case("resample_nearest_uint8", dtype="uint8", spacing=(1.0, 1.0, 1.0), mask="sphere",
         setting={"resampledPixelSpacing": [2, 2, 2], "interpolator": "sitkNearestNeighbor", "padDistance": 0},
         axes="resampling nearest to 2 mm; padDistance 0"),
    case("resample_inplane_only", spacing=(0.7, 0.7, 3.0), mask="blob",
         setting={"resampledPixelSpacing": [1, 1, 0], "interpolator": "sitkBSpline"}, axes="resampling in-plane only (0)"),
    case("resample_equal_spacing", spacing=(1.0, 1.0, 1.0), mask="blob", setting=dict(R, padDistance=3),
         axes="resampledPixelSpacing equal to the image's (mask resample + crop)"),
    case("resample_gaussian", spacing=(0.8, 0.8, 2.5), mask="sphere",
         setting={"resampledPixelSpacing": [1, 1, 1], "interpolator": "sitkGaussian"}, featureClass=FO_GLCM,
         axes="interpolator sitkGaussian"),
    case("resample_lanczos", spacing=(0.8, 0.8, 2.5), mask="sphere",
         setting={"resampledPixelSpacing": [1, 1, 1], "interpolator": "sitkLanczosWindowedSinc"}, featureClass=FO_GLCM,
         axes="interpolator sitkLanczosWindowedSinc"),
    *[case(f"resample_{w.lower()}", spacing=(0.8, 0.8, 2.5), mask="blob",
           setting={"resampledPixelSpacing": [1, 1, 1], "interpolator": f"sitk{w}WindowedSinc"}, featureClass={"firstorder": None},
           axes=f"interpolator sitk{w}WindowedSinc") for w in ["Hamming", "Cosine", "Welch", "Blackman"]],
    case("resample_flipped_bspline", spacing=(0.9, 1.1, 2.0), direction="flipped", mask="blob", setting=dict(R),
         axes="flipped direction; resampling B-spline"),
    case("resample_oblique_linear", spacing=(0.9, 0.9, 1.8), direction="oblique", mask="sphere",
         setting={"resampledPixelSpacing": [1, 1, 1], "interpolator": "sitkLinear"}, axes="oblique direction; resampling linear"),
    case("oblique_no_resampling", spacing=(0.9, 0.9, 1.8), direction="oblique", mask="blob", axes="oblique direction"),
    case("precrop_log", mask="sphere", setting={"preCrop": True, "padDistance": 2},
         imageType={"Original": {}, "LoG": {"sigma": [1.0, 2.0]}}, featureClass=FO_GLCM, axes="preCrop with padDistance 2; LoG"),
    # ROI shapes.
    case("roi_one_slice", mask="one_slice", axes="ROI one slice thick"),
    case("roi_one_row", mask="one_row", setting={"minimumROIDimensions": 1}, axes="ROI one row; minimumROIDimensions 1"),
    case("roi_isolated_voxels", mask="isolated", axes="ROI with isolated voxels"),
    case("roi_sparse", mask="sparse", axes="sparse scattered ROI"),
    case("roi_border_filters", mask="border", imageType={"Original": {}, "LoG": {"sigma": [1.0]}, "Wavelet": {}},
         featureClass=FO_GLCM, axes="ROI touching the border; LoG, Wavelet"),
    case("roi_label2", mask="multilabel", setting={"label": 2}, axes="several labels; label 2"),
    case("roi_flipped", spacing=(0.9, 1.1, 2.0), direction="flipped", mask="blob", axes="flipped direction"),
    # Degenerate input: pyradiomics' errors.
    case("min_roi_size_error", mask="sphere", setting={"minimumROISize": 5000}, axes="minimumROISize above the ROI (error)"),
    case("min_roi_dimensions_error", mask="one_slice", setting={"minimumROIDimensions": 3},
         axes="minimumROIDimensions 3 on one slice (error)"),
    case("shape2d_thick_roi_error", mask="sphere", setting={"force2D": True},
         featureClass={"shape2D": None, "firstorder": None}, axes="shape2D on a 3D ROI with force2D (error)"),
    case("shape2d_without_force2d", mask="one_slice", featureClass={"shape2D": None, "firstorder": None},
         axes="shape2D without force2D (skipped)"),
    # force2D in every dimension, shape2D, force2D Wavelet.
    case("force2d_dim0_shape2d", mask="one_slice", setting={"force2D": True, "force2Ddimension": 0},
         featureClass={"shape2D": None, **TEX}, axes="force2D dimension 0; shape2D on one slice"),
    case("force2d_dim1", mask="one_slice_y", setting={"force2D": True, "force2Ddimension": 1},
         featureClass={"shape2D": None, "firstorder": None, "glcm": None, "glrlm": None}, axes="force2D dimension 1"),
    case("force2d_dim2", mask="one_slice_x", setting={"force2D": True, "force2Ddimension": 2},
         featureClass={"shape2D": None, "firstorder": None, "glcm": None, "glrlm": None}, axes="force2D dimension 2"),
    case("force2d_volume_texture", mask="blob", setting={"force2D": True}, featureClass=TEX,
         axes="force2D on a 3D ROI (per-slice texture)"),
    case("force2d_wavelet", mask="sphere", setting={"force2D": True}, imageType={"Original": {}, "Wavelet": {}},
         featureClass=FO_GLCM, axes="force2D with Wavelet (2D bands)"),
    case("force2d_dim1_texture", mask="blob", setting={"force2D": True, "force2Ddimension": 1}, featureClass=TEX,
         axes="force2D dimension 1 on a 3D ROI: every texture class"),
    case("force2d_dim2_texture_distances", spacing=(0.8, 0.9, 2.0), mask="isolated",
         setting={"force2D": True, "force2Ddimension": 2, "distances": [1, 2]}, featureClass=TEX,
         axes="force2D dimension 2 on a 3D ROI with isolated voxels; distances [1,2]"),
    case("force2d_dim0_distances_1_3", mask="sphere", setting={"force2D": True, "distances": [1, 3]},
         featureClass={"glcm": None, "ngtdm": None, "gldm": None}, axes="force2D dimension 0; distances [1,3]"),
    case("distances_2_only", mask="sparse", setting={"distances": [2]}, featureClass={"glcm": None, "ngtdm": None, "gldm": None},
         axes="distances [2] (the norm-2 shell only) for GLCM, NGTDM and GLDM"),
    # Masks on other grids.
    case("correct_mask", mask="sphere", setting={"correctMask": True}, mask_geometry="subgrid", featureClass={"shape": None, "firstorder": None},
         axes="mask on another grid; correctMask"),
    case("geometry_tolerance", mask="sphere", setting={"geometryTolerance": 1e-3}, mask_geometry="shifted",
         featureClass={"shape": None, "firstorder": None}, axes="mask origin off by 2e-4; geometryTolerance"),
    # Image types.
    case("filters_simple", dtype="uint16", mask="blob",
         imageType={"Original": {}, "Square": {}, "SquareRoot": {}, "Logarithm": {}, "Exponential": {}, "Gradient": {}},
         setting={"binWidth": 10}, featureClass={"firstorder": None, "glcm": None}, axes="Square, SquareRoot, Logarithm, Exponential, Gradient"),
    case("filters_gradient_nospacing", spacing=(0.8, 0.8, 2.0), mask="blob",
         imageType={"Gradient": {"gradientUseSpacing": False}}, featureClass={"firstorder": None}, axes="Gradient without spacing"),
    case("log_sigmas_aniso", spacing=(0.8, 0.8, 2.0), mask="sphere", imageType={"LoG": {"sigma": [0.5, 1.5, 3.0]}},
         setting={"binWidth": 5}, featureClass=FO_GLCM, axes="LoG σ 0.5, 1.5, 3 on anisotropic voxels"),
    case("wavelet_coif1_start1", mask="sphere", imageType={"Wavelet": {"start_level": 1}}, featureClass={"firstorder": None},
         axes="Wavelet coif1 start_level 1"),
    case("wavelet_db2_level2", mask="sphere", imageType={"Wavelet": {"wavelet": "db2", "level": 2}},
         featureClass={"firstorder": None}, axes="Wavelet db2 level 2"),
    case("wavelet_haar_sym2", mask="blob", imageType={"Wavelet": {"wavelet": "haar"}}, featureClass={"firstorder": None, "glrlm": None},
         axes="Wavelet haar"),
    case("lbp2d", mask="sphere", setting={"force2D": True}, imageType={"LBP2D": {}}, featureClass={"firstorder": None, "glcm": None},
         axes="LBP2D (uniform, radius 1, 8 samples)"),
    # The example parameter files' recipes (Fixtures/pyradiomics-params) on small cases.
    case("recipe_exampleCT", spacing=(0.8, 0.8, 2.5), mask="blob",
         imageType={"Original": {}, "LoG": {"sigma": [1.0, 2.0, 3.0]}, "Wavelet": {}},
         setting={"binWidth": 25, "resampledPixelSpacing": [1, 1, 1], "interpolator": "sitkBSpline", "padDistance": 5,
                  "voxelArrayShift": 1000}, axes="exampleCT recipe: B-spline to 1 mm, LoG, Wavelet, every class"),
    case("recipe_MR_2D_one_slice", dtype="uint16", spacing=(0.7, 0.7, 3.0), mask="one_slice",
         imageType={"Original": {}, "LoG": {"sigma": [2.0, 3.0]}, "Wavelet": {}},
         featureClass={"shape2D": None, **TEX},
         setting={"normalize": True, "normalizeScale": 100, "interpolator": "sitkBSpline", "resampledPixelSpacing": [2, 2, 0],
                  "padDistance": 10, "preCrop": True, "force2D": True, "force2Ddimension": 0, "binWidth": 5,
                  "voxelArrayShift": 300}, axes="MR_2D_extraction recipe on a one-slice ROI: normalize, in-plane resampling, force2D, LoG, Wavelet"),
    case("recipe_MR_2D_volume", dtype="uint16", spacing=(0.7, 0.7, 3.0), mask="blob",
         imageType={"Original": {}, "Wavelet": {}}, featureClass={"firstorder": None, "glcm": None, "glrlm": None},
         setting={"normalize": True, "normalizeScale": 100, "interpolator": "sitkBSpline", "resampledPixelSpacing": [2, 2, 0],
                  "padDistance": 10, "preCrop": True, "force2D": True, "binWidth": 5, "voxelArrayShift": 300},
         axes="MR_2D_extraction recipe (without shape2D) on a 3D ROI"),
    case("image_2d", container="nifti2d", mask="sphere", featureClass={"shape2D": None, **TEX},
         axes="a 2D image and mask (NIfTI dim 2)"),
    # The IBSI CT phantom's DICOM series with its NIfTI mask (Fixtures/ibsi, not copied): the mask's
    # own geometry (z spacing 3 against the series' 2.9999999999998) decides the resampled mask.
    case("ibsi_ct_dicom_nifti_mask_resample", container="fixture", mask="fixture",
         setting={"resampledPixelSpacing": [2, 2, 2], "interpolator": "sitkBSpline"},
         featureClass={"shape": None, "firstorder": None}, axes="IBSI CT phantom DICOM series + NIfTI mask; B-spline to 2 mm"),
    # DICOM series.
    case("dicom_int16", container="dicom", spacing=(0.8, 0.8, 2.0), mask="sphere", axes="DICOM series int16; files out of order"),
    case("dicom_uint16_intercept_resample", container="dicom", spacing=(0.8, 0.8, 2.5), mask="sphere", intercept=-1024,
         setting=dict(R, resampledPixelSpacing=[2, 2, 2]), axes="DICOM series uint16 + intercept −1024; B-spline to 2 mm"),
    case("dicom_oblique_resample", container="dicom", spacing=(0.9, 0.9, 2.0), direction="oblique", mask="blob",
         setting=dict(R), axes="DICOM series oblique; B-spline to 1 mm"),
]


def params_yaml(c):
    """The parameter file (JSON is valid YAML)."""
    setting = {"binWidth": 25, "label": 1}
    setting.update(c["setting"])
    return {"imageType": c["imageType"], "featureClass": c["featureClass"], "setting": setting}


def number(v):
    try:
        if isinstance(v, (bool, str, tuple, list, dict)):
            return None
        a = np.asarray(v)
        if a.size != 1 or a.dtype.kind not in "iuf":
            return None
        return float(a.reshape(-1)[0])
    except Exception:
        return None


def generate(only=None):
    """Every case (the cases folder is rebuilt), or only the cases named in `only` (the others' files
    are left as they are)."""
    from radiomics import featureextractor
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    unknown = set(only or []) - {c["name"] for c in CASES}
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(sorted(unknown))}")
    if not only and os.path.exists(os.path.join(OUT, "cases")):
        shutil.rmtree(os.path.join(OUT, "cases"))
    index = [{"case": c["name"], "axes": c["axes"]} for c in CASES]
    for c in CASES:
        if only and c["name"] not in only:
            continue
        n = zlib.crc32(c["name"].encode()) % 1000  # the case's seed: stable when cases are added
        folder = os.path.join(OUT, "cases", c["name"])
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        arr = image_array(c["dtype"], SIZE, seed=n)
        m = mask_array(c["mask"], SIZE, seed=n) if c["mask"] != "fixture" else None
        if c["container"] == "fixture":
            ct = os.path.join(ROOT, "Fixtures", "ibsi", "ibsi1", "ct_phantom")
            image = read_dicom_series(os.path.join(ct, "dicom", "image"))
            image_rel = os.path.relpath(os.path.join(ct, "dicom", "image"), folder)
            mask_rel = os.path.relpath(os.path.join(ct, "nifti", "mask", "mask.nii.gz"), folder)
        elif c["container"] == "dicom":
            write_dicom_series(arr, c["spacing"], c["direction"], c["origin"], os.path.join(folder, "image"), c["intercept"], n)
            image = read_dicom_series(os.path.join(folder, "image"))
            image_rel = "image"
        elif c["container"] == "nifti2d":
            k = SIZE[0] // 2
            arr, m = arr[k].copy(), m[k].copy()
            image = sitk.GetImageFromArray(arr)
            image.SetSpacing([float(v) for v in c["spacing"][:2]])
            image.SetOrigin([float(v) for v in c["origin"][:2]])
            image_rel = "image.nii.gz"
            sitk.WriteImage(image, os.path.join(folder, image_rel), useCompression=True)
        else:
            image = to_sitk(arr, c["spacing"], c["direction"], c["origin"])
            image_rel = "image.nii.gz" if c["container"] == "nifti" else "image.nrrd"
            sitk.WriteImage(image, os.path.join(folder, image_rel), useCompression=True)
        if m is not None:
            mask_rel = "mask.nii.gz"
            mask = sitk.GetImageFromArray(m)
            mask.CopyInformation(image)
            if c["mask_geometry"] == "subgrid":
                # The ROI on a smaller grid that starts 3 voxels in (pyradiomics needs correctMask).
                mask = sitk.GetImageFromArray(m[2:-2, 3:-3, 3:-3].copy())
                mask.SetSpacing(image.GetSpacing())
                mask.SetDirection(image.GetDirection())
                mask.SetOrigin(image.TransformIndexToPhysicalPoint((3, 3, 2)))
            elif c["mask_geometry"] == "shifted":
                mask.SetOrigin([o + 2e-4 for o in image.GetOrigin()])
            sitk.WriteImage(mask, os.path.join(folder, mask_rel), useCompression=True)
        params = params_yaml(c)
        with open(os.path.join(folder, "params.yaml"), "w") as f:
            json.dump(params, f, indent=1)
            f.write("\n")
        extractor = featureextractor.RadiomicsFeatureExtractor(os.path.join(folder, "params.yaml"))
        expected, error = {}, None
        try:
            src = image if c["container"] in ("dicom", "fixture") else os.path.join(folder, image_rel)
            result = extractor.execute(src, os.path.join(folder, mask_rel))
            for k, v in result.items():
                x = number(v)
                if x is not None:
                    expected[k] = x if math.isfinite(x) else repr(x)
        except Exception as e:  # pyradiomics raised: the case expects an error
            error = f"{type(e).__name__}: {e}"
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump({"case": c["name"], "axes": c["axes"], "image": image_rel, "mask": mask_rel,
                       "error": error, "expected": expected}, f, indent=0, sort_keys=True)
            f.write("\n")
        print(f"{c['name']}: {'error ' + error if error else str(len(expected)) + ' values'}", flush=True)
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    generate(sys.argv[1:] or None)
