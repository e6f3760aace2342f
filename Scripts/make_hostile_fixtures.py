#!/usr/bin/env python3
"""Hostile inputs for Tests/RadiomicsTests/IO/FuzzRegressionTests.swift (issue 9), written to
Fixtures/fuzz/hostile/. Each is a small edit of a committed fixture of Fixtures/generated, so
the one thing wrong with it is the thing under test. Run from the repository root:

    python3 Scripts/make_hostile_fixtures.py
"""
import copy
import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

GEN = Path("Fixtures/generated")
OUT = Path("Fixtures/fuzz/hostile")
UID_ROOT = "1.2.826.0.1.3680043.10.1234."


def uid(name):
    return generate_uid(prefix=UID_ROOT, entropy_srcs=["hostile-" + name])


def fresh(folder):
    path = OUT / folder
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def series():
    return [pydicom.dcmread(str(p)) for p in sorted((GEN / "dicom/explicit_le").glob("*.dcm"))]


# MARK: DICOM series

def dicom_series():
    # Mixed orientations: the third slice is rotated in-plane (row and column cosines swapped).
    out = fresh("dicom_mixed_orientation")
    for n, ds in enumerate(series()[:3]):
        if n == 2:
            o = [float(v) for v in ds.ImageOrientationPatient]
            ds.ImageOrientationPatient = [f"{v:.6f}" for v in o[3:] + o[:3]]
        ds.save_as(str(out / f"slice_{n}.dcm"))
    # Mixed pixel types: the third slice says its 16-bit values are unsigned.
    out = fresh("dicom_mixed_pixel_type")
    for n, ds in enumerate(series()[:3]):
        if n == 2:
            ds.PixelRepresentation = 1 - int(ds.PixelRepresentation)
        ds.save_as(str(out / f"slice_{n}.dcm"))
    # A missing slice: the middle one of five.
    out = fresh("dicom_missing_slice")
    for n, ds in enumerate(series()):
        if n != 2:
            ds.save_as(str(out / f"slice_{n}.dcm"))
    # Non-finite geometry: NaN in ImageOrientationPatient, Inf in PixelSpacing (one slice each).
    out = fresh("dicom_nan_orientation")
    ds = series()[0]
    ds.ImageOrientationPatient = ["NaN"] + [str(v) for v in ds.ImageOrientationPatient[1:]]
    ds.save_as(str(out / "slice.dcm"))
    out = fresh("dicom_inf_spacing")
    ds = series()[0]
    ds.PixelSpacing = ["inf", str(ds.PixelSpacing[1])]
    ds.save_as(str(out / "slice.dcm"))


# MARK: RTSTRUCT

def rtstruct():
    out = fresh("rtstruct")
    image = series()[0]
    base = pydicom.dcmread(str(GEN / "rtstruct/rtstruct.dcm"))

    def referencing(frame, series_uid):
        ds = copy.deepcopy(base)
        ref = Dataset()
        ref.FrameOfReferenceUID = frame
        study = Dataset()
        study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
        study.ReferencedSOPInstanceUID = image.StudyInstanceUID
        ser = Dataset()
        ser.SeriesInstanceUID = series_uid
        study.RTReferencedSeriesSequence = Sequence([ser])
        ref.RTReferencedStudySequence = Sequence([study])
        ds.ReferencedFrameOfReferenceSequence = Sequence([ref])
        for roi in ds.StructureSetROISequence:
            roi.ReferencedFrameOfReferenceUID = frame
        return ds

    # Drawn on the fixture series, saying so: must read as the plain one does.
    referencing(image.FrameOfReferenceUID, image.SeriesInstanceUID).save_as(str(out / "references_image.dcm"))
    # Drawn in another frame of reference / on another series of the same frame.
    referencing(uid("other-frame"), uid("other-series")).save_as(str(out / "other_frame.dcm"))
    referencing(image.FrameOfReferenceUID, uid("other-series")).save_as(str(out / "other_series.dcm"))

    rot = np.column_stack([np.array(image.ImageOrientationPatient[:3], float),
                           np.array(image.ImageOrientationPatient[3:], float), np.zeros(3)])
    rot[:, 2] = np.cross(rot[:, 0], rot[:, 1])

    def shifted(by, only_first):
        ds = copy.deepcopy(base)
        for rc in ds.ROIContourSequence:
            for n, c in enumerate(rc.ContourSequence):
                if only_first and n > 0:
                    continue
                pts = np.array([float(v) for v in c.ContourData]).reshape(-1, 3) + by
                c.ContourData = [f"{v:.6f}" for v in pts.ravel()]
        return ds

    # Ten slices (25 mm) beyond the last one along the normal: one contour of each ROI.
    shifted(rot[:, 2] * 25.0, True).save_as(str(out / "beyond_last_slice.dcm"))
    # Every contour pushed 40 mm along the rows: they run off the 12-column slice.
    shifted(rot[:, 0] * 40.0, False).save_as(str(out / "off_the_slice.dcm"))


# MARK: NIfTI and NRRD

def nifti_header(dims, datatype, bitpix, pixdim, qform=0, sform=0):
    h = bytearray(348)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, *dims)
    struct.pack_into("<hh", h, 70, datatype, bitpix)
    struct.pack_into("<8f", h, 76, *pixdim)
    struct.pack_into("<f", h, 108, 352.0)
    struct.pack_into("<f", h, 112, 1.0)
    struct.pack_into("<hh", h, 252, qform, sform)
    h[344:348] = b"n+1\0"
    return bytes(h) + b"\0" * 4


def images():
    out = fresh("image")
    # A gzip bomb: 27 bytes of header claim 1024³ int16 (2 GiB); the stream holds 4 KiB.
    hdr = nifti_header([3, 1024, 1024, 1024, 1, 1, 1, 1], 4, 16, [1, 1, 1, 1, 0, 0, 0, 0])
    (out / "bomb_declared_2GiB.nii.gz").write_bytes(gzip.compress(hdr + b"\0" * 4096, 9))
    # The other bomb: a 4×4×4 uint8 image followed by 64 MiB of zeros (64 KiB compressed).
    hdr = nifti_header([3, 4, 4, 4, 1, 1, 1, 1], 2, 8, [1, 1, 1, 1, 0, 0, 0, 0])
    (out / "bomb_trailing_64MiB.nii.gz").write_bytes(gzip.compress(hdr + bytes(range(64)) + b"\0" * (64 << 20), 9))
    # Non-finite spacing with a qform: NaN, then Inf.
    for name, bad in [("nan_pixdim", float("nan")), ("inf_pixdim", float("inf"))]:
        hdr = nifti_header([3, 4, 4, 4, 1, 1, 1, 1], 2, 8, [1, 1, bad, 1, 0, 0, 0, 0], qform=1)
        (out / f"{name}.nii").write_bytes(hdr + bytes(64))
    # NRRD: sizes whose product overflows 64 bits; a non-finite and a negative 'spacings'.
    (out / "overflow.nrrd").write_bytes(
        b"NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4294967296 4294967296 4294967296\nencoding: raw\n\n" + bytes(8))
    (out / "inf_spacings.nrrd").write_bytes(
        b"NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nspacings: 1 inf 1\nencoding: raw\n\n" + bytes(8))
    (out / "nan_spacings.nrrd").write_bytes(
        b"NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nspacings: 1 1 nan\nencoding: raw\n\n" + bytes(8))
    # A detached data file that is a device, not a file: must not be read forever.
    (out / "device_data_file.nhdr").write_bytes(
        b"NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: /dev/zero\n\n")


if __name__ == "__main__":
    dicom_series()
    rtstruct()
    images()
