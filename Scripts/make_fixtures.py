#!/usr/bin/env python3
"""Generates the small reader fixtures in Fixtures/generated/ and records in expected.json the
geometry (size, spacing, origin, direction) and voxel samples/sums as SimpleITK reads each
image, the voxel sets of the RTSTRUCT/SEG masks (computed independently with numpy from the
shapes drawn), and the bad inputs with the error they must give.

Generation only (the product and its tests never run Python). Needs: numpy, SimpleITK,
nibabel, pydicom, highdicom (pip) and gdcmconv (apt-get install libgdcm-tools).

    python3 Scripts/make_fixtures.py
"""
import gzip
import json
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import SimpleITK as sitk
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

ROOT = Path(__file__).resolve().parent.parent / "Fixtures" / "generated"
RNG = np.random.RandomState(20261122)
UID_ROOT = "1.2.826.0.1.3680043.10.1234."   # fixed prefix; the rest is derived from names
images, masks, errors = [], [], []


def uid(name):
    """A deterministic UID for `name`, so regenerating gives identical files."""
    return generate_uid(prefix=UID_ROOT, entropy_srcs=[name])


def rel(p):
    return str(Path(p).relative_to(ROOT))


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def affine(rot, spacing, origin):
    a = np.eye(4)
    a[:3, :3] = rot @ np.diag(spacing)
    a[:3, 3] = origin
    return a


def record_image(path, **extra):
    """What SimpleITK reads from `path` (a file, or a DICOM folder with extra['series'])."""
    if os.path.isdir(path):
        names = sitk.ImageSeriesReader.GetGDCMSeriesFileNames(str(path), extra.get("series", ""))
        r = sitk.ImageSeriesReader()
        r.SetFileNames(names)
        img = r.Execute()
    else:
        img = sitk.ReadImage(str(path))
    img = sitk.Cast(img, sitk.sitkFloat64)
    arr = sitk.GetArrayFromImage(img)           # z, y, x
    if arr.ndim == 2:
        arr = arr[None]
    size = list(img.GetSize()) + [1] * (3 - img.GetDimension())
    nx, ny, nz = size
    flat = arr.reshape(-1)                       # x fastest
    weights = (np.arange(flat.size) % 7) + 1
    picks = {(0, 0, 0), (nx - 1, 0, 0), (0, ny - 1, 0), (0, 0, nz - 1), (nx - 1, ny - 1, nz - 1), (nx // 2, ny // 2, nz // 2)}
    direction = list(img.GetDirection())
    spacing = list(img.GetSpacing())
    origin = list(img.GetOrigin())
    if img.GetDimension() == 2:
        direction = [direction[0], direction[1], 0, direction[2], direction[3], 0, 0, 0, 1]
        spacing += [1]
        origin += [0]
    images.append(dict(
        file=rel(path), size=size, spacing=spacing, origin=origin, direction=direction,
        samples=[[i, j, k, float(arr[k, j, i])] for (i, j, k) in sorted(picks)],
        sum=float(flat.sum()), weighted_sum=float((flat * weights).sum()), **extra))


# MARK: NIfTI

def nifti_data(dtype, shape=(6, 5, 4)):
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    lo = max(info.min, -3000) if info else -3000
    hi = min(info.max, 3000) if info else 3000
    d = RNG.randint(lo, hi + 1, size=shape)
    if info is None:
        d = d + RNG.rand(*shape)
    return d.astype(dtype)


def write_nifti(name, data, sform, scode, qform=None, qcode=0, cls=nib.Nifti1Image, endian=None,
                slope=None, inter=None, error=None):
    path = ROOT / "nifti" / name
    header = cls.header_class(endianness=endian) if endian else None
    img = cls(data, None, header=header, dtype=data.dtype)
    img.header.set_data_dtype(data.dtype)
    img.set_qform(qform if qform is not None else sform, code=int(qcode))
    img.set_sform(sform, code=int(scode))
    img.to_filename(str(path))
    if slope is not None:
        # nibabel drops scaling it did not compute itself: patch scl_slope/scl_inter in place.
        raw = bytearray(gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes())
        fmt = (">" if endian == ">" else "<") + "ff"
        struct.pack_into(fmt, raw, 112, slope, inter)
        path.write_bytes(gzip.compress(bytes(raw), mtime=0) if name.endswith(".gz") else bytes(raw))
    if error:
        # SimpleITK refuses this file too; we must refuse it with a clear message.
        try:
            sitk.ReadImage(str(path))
            raise SystemExit(f"SimpleITK unexpectedly reads {name}")
        except RuntimeError:
            errors.append(dict(file=rel(path), kind="badInput", contains=[error]))
        return path
    if cls is nib.Nifti2Image:
        # SimpleITK 2.5 does not read NIfTI-2: the expectation comes from a NIfTI-1 twin
        # holding the same data and transforms.
        twin = ROOT / "nifti" / ("twin_" + name)
        write_nifti(twin.name, data, sform, scode, qform, qcode, endian=endian, slope=slope, inter=inter)
        images[-1].update(file=rel(path), note="expected from the NIfTI-1 twin (SimpleITK does not read NIfTI-2)")
        twin.unlink()
        return path
    record_image(path)
    return path


def make_nifti():
    (ROOT / "nifti").mkdir(parents=True, exist_ok=True)
    oblique = affine(rotation(0.3, -0.2, 0.5), [0.8, 1.25, 2.5], [-12.5, 30.25, -7.0])
    other = affine(rotation(-0.1, 0.4, -0.7), [0.8, 1.25, 2.5], [5.0, -4.0, 11.0])
    flipped = affine(np.diag([-1.0, 1.0, -1.0]), [1.5, 2.0, 3.0], [10.0, -20.0, 30.0])
    sheared = oblique.copy()
    sheared[0, 1] += 0.7
    d = nifti_data(np.int16)
    write_nifti("oblique_s2_q0.nii.gz", d, oblique, 2)
    write_nifti("oblique_q1_s0.nii", d, oblique, 0, oblique, 1)
    write_nifti("flipped_q1_s1.nii.gz", d, flipped, 1, flipped, 1)
    write_nifti("none_q0_s0.nii", d, oblique, 0, oblique, 0)
    for q, s in [(1, 1), (1, 2), (2, 1), (1, 3), (1, 4), (2, 2), (4, 1)]:
        write_nifti(f"differ_q{q}_s{s}.nii.gz", d, other, s, oblique, q)
    write_nifti("sheared_s1_q1.nii.gz", d, sheared, 1, oblique, 1)
    write_nifti("sheared_s2_q0.nii.gz", d, sheared, 2, oblique, 0, error="sheared")
    for t in [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64, np.float32, np.float64]:
        write_nifti(f"dtype_{np.dtype(t).name}.nii.gz", nifti_data(t), oblique, 1, oblique, 1)
    write_nifti("scl_int16.nii.gz", d, oblique, 1, oblique, 1, slope=2.5, inter=-10.0)
    write_nifti("nifti2_oblique.nii.gz", nifti_data(np.float32), oblique, 2, oblique, 1, cls=nib.Nifti2Image)
    write_nifti("bigendian_int16.nii", nifti_data(np.dtype(">i2")), flipped, 1, flipped, 1, endian=">")
    write_nifti("bigendian_nifti2_float64.nii.gz", nifti_data(np.dtype(">f8")), oblique, 1, oblique, 1,
                cls=nib.Nifti2Image, endian=">")


# MARK: NRRD

NRRD_TYPES = {"int8": "int8", "uint8": "uint8", "int16": "short", "uint16": "ushort", "int32": "int",
              "uint32": "uint", "int64": "int64", "uint64": "uint64", "float32": "float", "float64": "double"}


def write_nrrd(name, data, directions, origin, space="left-posterior-superior", encoding="raw",
               detached=False, endian="little", extra=""):
    """data: numpy (x, y, z); directions: columns are the axis vectors (spacing included)."""
    path = ROOT / "nrrd" / name
    dt = data.dtype.newbyteorder(">" if endian == "big" else "<")
    payload = np.asfortranarray(data).astype(dt).tobytes(order="F")
    if encoding == "gzip":
        payload = gzip.compress(payload, mtime=0)
    dirs = " ".join("(" + ",".join(repr(float(v)) for v in directions[:, a]) + ")" for a in range(3))
    lines = ["NRRD0004", f"type: {NRRD_TYPES[data.dtype.name]}", "dimension: 3",
             f"space: {space}", "sizes: " + " ".join(str(s) for s in data.shape),
             f"space directions: {dirs}", "kinds: domain domain domain",
             f"endian: {endian}", f"encoding: {encoding}",
             "space origin: (" + ",".join(repr(float(v)) for v in origin) + ")"]
    lines += [l for l in extra.split("\n") if l]
    if detached:
        data_name = name.rsplit(".", 1)[0] + (".raw.gz" if encoding == "gzip" else ".raw")
        (ROOT / "nrrd" / data_name).write_bytes(payload)
        lines.append(f"data file: {data_name}")
        path.write_text("\n".join(lines) + "\n")
    else:
        path.write_bytes(("\n".join(lines) + "\n\n").encode() + payload)
    return path


def make_nrrd():
    (ROOT / "nrrd").mkdir(parents=True, exist_ok=True)
    rot = rotation(0.2, 0.1, -0.4) @ np.diag([0.7, 0.9, 2.0])
    origin = np.array([3.5, -8.25, 14.0])
    record_image(write_nrrd("lps_raw.nrrd", nifti_data(np.int16), rot, origin))
    record_image(write_nrrd("ras_gzip.nrrd", nifti_data(np.float32), rot, origin,
                            space="right-anterior-superior", encoding="gzip"))
    record_image(write_nrrd("detached_raw_bigendian.nhdr", nifti_data(np.uint16), rot, origin,
                            detached=True, endian="big"))
    record_image(write_nrrd("detached_gzip.nhdr", nifti_data(np.float64), rot, origin,
                            space="RAS", encoding="gzip", detached=True))
    for t in ["int8", "uint8", "int32", "uint32", "int64", "uint64"]:
        record_image(write_nrrd(f"dtype_{t}.nrrd", nifti_data(np.dtype(t)), rot, origin, encoding="gzip"))
    # No space: spacings only.
    p = ROOT / "nrrd" / "spacings_only.nrrd"
    d = nifti_data(np.int16)
    p.write_bytes(("NRRD0004\ntype: short\ndimension: 3\nsizes: 6 5 4\nspacings: 0.5 0.75 1.5\n"
                   "endian: little\nencoding: raw\n\n").encode() + d.tobytes(order="F"))
    record_image(p)


# MARK: DICOM

def ct_dataset(series_name, k, rows, columns, position, orientation, spacing, pixels, modality="CT",
               slope=1.0, intercept=-1024.0, description=""):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2" if modality == "CT" else "1.2.840.10008.5.1.4.1.1.4"
    meta.MediaStorageSOPInstanceUID = uid(f"{series_name}-{k}")
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = UID_ROOT + "1"
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = uid("study")
    ds.SeriesInstanceUID = uid(series_name)
    ds.FrameOfReferenceUID = uid("frame")
    ds.PatientID = "FIXTURE"
    ds.PatientName = "Fixture^Generated"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.StudyDate = "20260101"
    ds.StudyTime = "120000"
    ds.StudyID = "1"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.Manufacturer = "radiomics fixtures"
    ds.Modality = modality
    ds.SeriesNumber = 1
    ds.SeriesDescription = description or series_name
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [f"{v:.6f}" for v in position]
    ds.ImageOrientationPatient = [f"{v:.8f}" for v in orientation]
    ds.PixelSpacing = [f"{spacing[1]:.6f}", f"{spacing[0]:.6f}"]
    ds.SliceThickness = f"{spacing[2]:.6f}"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    if pixels.dtype == np.uint8:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    else:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope = f"{slope:g}"
        ds.RescaleIntercept = f"{intercept:g}"
        ds.RescaleType = "HU"
    ds.PixelData = pixels.tobytes()
    return ds


def write_series(folder, series_name, size=(7, 6, 5), spacing=(0.75, 0.6, 2.5), rot=None, origin=(-20.0, 15.5, 100.0),
                 dtype=np.int16, gaps=None, tilt=0.0, shuffle=True, description="", slope=1.0, intercept=-1024.0):
    """Writes a series; returns (datasets in slice order, file paths, volume (x,y,z) of stored values)."""
    folder.mkdir(parents=True, exist_ok=True)
    rot = np.eye(3) if rot is None else rot
    nx, ny, nz = size
    if dtype == np.uint8:
        vol = RNG.randint(0, 256, size=(nx, ny, nz)).astype(np.uint8)
    else:
        vol = RNG.randint(-1000, 3000, size=(nx, ny, nz)).astype(np.int16)
    offsets = np.cumsum([0.0] + list(gaps)) if gaps is not None else np.arange(nz) * spacing[2]
    order = list(range(nz))
    names = [f"{series_name}_{k:03d}.dcm" for k in range(nz)]
    if shuffle:
        random.Random(series_name).shuffle(names)     # file names say nothing about the order
    datasets, paths = [], []
    for k in range(nz):
        pos = np.array(origin) + rot[:, 2] * offsets[k] + rot[:, 0] * tilt * k
        ds = ct_dataset(series_name, k, ny, nx, pos, list(rot[:, 0]) + list(rot[:, 1]), spacing,
                        np.ascontiguousarray(vol[:, :, k].T), modality="CT" if dtype == np.int16 else "MR",
                        description=description, slope=slope, intercept=intercept)
        ds.InstanceNumber = nz - k     # reversed: InstanceNumber says nothing either
        p = folder / names[order[k]]
        ds.save_as(str(p), enforce_file_format=True)
        datasets.append(ds)
        paths.append(p)
    return datasets, paths, vol


def gdcmconv(flags, src_folder, dst_folder):
    dst_folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(src_folder.iterdir()):
        subprocess.run(["gdcmconv", *flags, str(f), str(dst_folder / f.name)], check=True)


def make_dicom():
    base = ROOT / "dicom"
    oblique = rotation(0.25, -0.15, 0.35)
    ds, paths, vol = write_series(base / "explicit_le", "ct_oblique", size=(12, 10, 5), rot=oblique,
                                 slope=2.0, intercept=-1000)
    record_image(base / "explicit_le", series="", transfer_syntax="explicit little endian")
    for name, flags, ts in [("implicit_le", ["-M", "-w"], "implicit little endian"),
                            ("jpeg_lossless", ["-J"], "JPEG lossless"),
                            ("jpeg_ls", ["-L"], "JPEG-LS lossless"),
                            ("jpeg2000", ["-K"], "JPEG 2000 lossless"),
                            ("rle", ["-R"], "RLE")]:
        gdcmconv(flags, base / "explicit_le", base / name)
        record_image(base / name, series="", transfer_syntax=ts)
    write_series(base / "mr8", "mr_uint8", dtype=np.uint8, size=(8, 8, 3), spacing=(1.0, 1.0, 4.0))
    gdcmconv(["-J", "-Y", "-q", "90"], base / "mr8", base / "jpeg_baseline")
    shutil.rmtree(base / "mr8")
    record_image(base / "jpeg_baseline", series="", transfer_syntax="JPEG baseline (lossy, 8 bit)")
    # Axis-aligned series with its slices flipped (normal pointing towards the feet).
    flip = np.diag([1.0, -1.0, -1.0])
    write_series(base / "flipped", "ct_flipped", rot=flip, size=(5, 4, 6), spacing=(1.2, 0.9, 3.0))
    record_image(base / "flipped", series="")
    # One file on its own.
    single = base / "single" / "slice.dcm"
    single.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths[2], single)
    record_image(single)
    # Two series in one folder.
    two = base / "two_series"
    write_series(two, "series_a", size=(4, 4, 3), description="first")
    write_series(two, "series_b", size=(5, 3, 4), spacing=(1.0, 1.0, 1.5), description="second")
    for s in ["series_a", "series_b"]:
        record_image(two, series=uid(s))
    errors.append(dict(file=rel(two), kind="badInput", contains=[uid("series_a"), uid("series_b"), "--series"]))
    # Bad series.
    write_series(base / "bad_nonuniform", "nonuniform", size=(4, 4, 5), gaps=[2.5, 2.5, 5.0, 2.5])
    errors.append(dict(file="dicom/bad_nonuniform", kind="badInput", contains=["non-uniform slice spacing"]))
    write_series(base / "bad_tilt", "tilt", size=(4, 4, 5), tilt=0.8)
    errors.append(dict(file="dicom/bad_tilt", kind="badInput", contains=["gantry tilt"]))
    write_series(base / "bad_duplicate", "duplicate", size=(4, 4, 4), gaps=[2.5, 0.0, 2.5])
    errors.append(dict(file="dicom/bad_duplicate", kind="badInput", contains=["same position"]))
    mixed = base / "bad_mixed_size"
    write_series(mixed, "mixed", size=(4, 4, 3))
    d2 = ct_dataset("mixed", 9, 5, 4, (-20.0, 15.5, 100.0 + 3 * 2.5), [1, 0, 0, 0, 1, 0], (0.75, 0.6, 2.5),
                    np.zeros((5, 4), np.int16))
    d2.save_as(str(mixed / "odd.dcm"), enforce_file_format=True)
    errors.append(dict(file="dicom/bad_mixed_size", kind="badInput", contains=["in the same series"]))
    cut = base / "bad_truncated_slice"
    shutil.copytree(base / "explicit_le", cut)
    victim = sorted(cut.iterdir())[0]
    victim.write_bytes(victim.read_bytes()[:-100])      # inside the pixel data
    errors.append(dict(file=rel(cut), kind="badInput", contains=["truncated", "(7FE0,0010)"]))
    empty = base / "bad_no_images"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "readme.txt").write_text("no DICOM here\n")
    errors.append(dict(file="dicom/bad_no_images", kind="badInput", contains=["no DICOM image"]))
    return ds, vol


# MARK: RTSTRUCT and SEG (on the oblique explicit-LE series)

def rectangle(i0, i1, j0, j1):
    return [(i0, j0), (i1, j0), (i1, j1), (i0, j1)]


def make_rtstruct(series, vol):
    folder = ROOT / "rtstruct"
    folder.mkdir(parents=True, exist_ok=True)
    first = series[0]
    rot = np.column_stack([np.array(first.ImageOrientationPatient[:3], float),
                           np.array(first.ImageOrientationPatient[3:], float), np.zeros(3)])
    rot[:, 2] = np.cross(rot[:, 0], rot[:, 1])
    sx, sy = float(first.PixelSpacing[1]), float(first.PixelSpacing[0])
    origin = np.array(first.ImagePositionPatient, float)
    sz = 2.5
    nx, ny, nz = vol.shape
    # Vertices sit on half-voxel positions: no voxel centre is on an edge, so the expected
    # voxel sets below follow from the rectangles alone.
    rois = {
        1: ("Ring", {k: [rectangle(0.5, 5.5, 0.5, 4.5), rectangle(1.5, 3.5, 1.5, 2.5)] for k in (1, 2, 3)}),
        2: ("Box", {k: [rectangle(-0.5, 1.5, 2.5, 5.5)] for k in (0, 4)}),
    }
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    meta.MediaStorageSOPInstanceUID = uid("rtstruct")
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality = "RTSTRUCT"
    for key in ["StudyInstanceUID", "PatientID", "PatientName", "FrameOfReferenceUID"]:
        setattr(ds, key, getattr(first, key))
    ds.SeriesInstanceUID = uid("rtstruct-series")
    ds.StructureSetLabel = "fixture"
    ds.StructureSetROISequence = Sequence()
    ds.ROIContourSequence = Sequence()
    for number, (name, slices) in rois.items():
        item = Dataset()
        item.ROINumber = number
        item.ReferencedFrameOfReferenceUID = first.FrameOfReferenceUID
        item.ROIName = name
        item.ROIGenerationAlgorithm = "MANUAL"
        ds.StructureSetROISequence.append(item)
        rc = Dataset()
        rc.ReferencedROINumber = number
        rc.ContourSequence = Sequence()
        expected = np.zeros((nx, ny, nz), bool)
        for k, polys in slices.items():
            for poly in polys:
                c = Dataset()
                c.ContourGeometricType = "CLOSED_PLANAR"
                pts = [origin + rot @ np.array([i * sx, j * sy, k * sz]) for (i, j) in poly]
                c.NumberOfContourPoints = len(pts)
                c.ContourData = [f"{v:.6f}" for p in pts for v in p]
                rc.ContourSequence.append(c)
                (i0, j0), (i1, j1) = poly[0], poly[2]
                ii, jj = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
                inside = (ii > i0) & (ii < i1) & (jj > j0) & (jj < j1)
                expected[:, :, k] ^= inside       # even–odd: a nested rectangle is a hole
        ds.ROIContourSequence.append(rc)
        masks.append(dict(image="dicom/explicit_le", mask="rtstruct/rtstruct.dcm", roi=name,
                          voxels=linear(expected)))
    ds.save_as(str(folder / "rtstruct.dcm"), enforce_file_format=True)
    errors.append(dict(file="rtstruct/rtstruct.dcm", image="dicom/explicit_le", roi="Liver", kind="badInput",
                       contains=["'Ring'", "'Box'"]))


def linear(m):
    """Sorted linear indices (x fastest) of the true voxels of an (x, y, z) array."""
    return [int(n) for n in np.flatnonzero(m.transpose(2, 1, 0).reshape(-1))]


def make_seg(series, vol):
    import highdicom as hd
    folder = ROOT / "seg"
    folder.mkdir(parents=True, exist_ok=True)
    nx, ny, nz = vol.shape
    labels = np.zeros((nz, ny, nx), np.uint8)         # frames, rows, columns
    labels[1:4, 1:5, 2:6] = 1
    labels[2, 4:6, 0:2] = 2
    algorithm = hd.AlgorithmIdentificationSequence(name="fixture", version="1",
                                                   family=hd.sr.CodedConcept("123109", "DCM", "Manual Processing"))
    tissue = hd.sr.CodedConcept("85756007", "SCT", "Tissue")
    def description(n, label):
        return hd.seg.SegmentDescription(segment_number=n, segment_label=label, segmented_property_category=tissue,
                                         segmented_property_type=tissue, algorithm_type="MANUAL")
    seg = hd.seg.Segmentation(series, labels, "BINARY", [description(1, "tumour"), description(2, "node")],
                              uid("seg-series"), 10, uid("seg"), 1, "fixtures", "none", "1", "0")
    seg.save_as(str(folder / "binary.dcm"))
    for n, name in [(1, "tumour"), (2, "node")]:
        masks.append(dict(image="dicom/explicit_le", mask="seg/binary.dcm", roi=name, segment=n,
                          voxels=linear((labels == n).transpose(2, 1, 0))))
    prob = np.zeros((nz, ny, nx), np.float32)
    prob[1:4, 0:4, 1:6] = np.linspace(0.0, 1.0, 3 * 4 * 5).reshape(3, 4, 5)
    fseg = hd.seg.Segmentation(series, prob, "FRACTIONAL", [description(1, "probability")],
                               uid("fseg-series"), 11, uid("fseg"), 1, "fixtures", "none", "1", "0",
                               max_fractional_value=255)
    fseg.save_as(str(folder / "fractional.dcm"))
    stored = np.round(prob * 255).astype(np.uint8)       # highdicom's quantisation
    masks.append(dict(image="dicom/explicit_le", mask="seg/fractional.dcm", roi="probability", segment=1,
                      voxels=linear((stored / 255.0 >= 0.5).transpose(2, 1, 0))))
    errors.append(dict(file="seg/binary.dcm", image="dicom/explicit_le", roi="liver", kind="badInput",
                       contains=["1 'tumour'", "2 'node'"]))


# MARK: bad inputs

def make_bad():
    bad = ROOT / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    good = (ROOT / "nifti" / "dtype_int16.nii.gz").read_bytes()
    (bad / "truncated.nii.gz").write_bytes(good[: len(good) // 2])
    errors.append(dict(file="bad/truncated.nii.gz", kind="badInput", contains=["truncated"]))
    raw = gzip.decompress(good)
    (bad / "short_data.nii").write_bytes(raw[:-10])
    errors.append(dict(file="bad/short_data.nii", kind="badInput", contains=["header needs"]))
    hdr = bytearray(raw[:352])
    struct.pack_into("<8h", hdr, 40, 3, 32767, 32767, 32767, 1, 1, 1, 1)
    (bad / "absurd_dims.nii").write_bytes(bytes(hdr) + raw[352:])
    errors.append(dict(file="bad/absurd_dims.nii", kind="badInput", contains=["limit"]))
    n2 = nib.Nifti2Image(np.zeros((2, 2, 2), np.float64), np.eye(4))
    n2.to_filename(str(bad / "overflow.nii"))
    h2 = bytearray((bad / "overflow.nii").read_bytes())
    struct.pack_into("<8q", h2, 16, 3, 2**31 - 1, 2**31 - 1, 2**31 - 1, 1, 1, 1, 1)
    (bad / "overflow.nii").write_bytes(bytes(h2))
    errors.append(dict(file="bad/overflow.nii", kind="badInput", contains=["limit"]))
    (bad / "unknown.xyz").write_bytes(b"not an image at all" * 30)
    errors.append(dict(file="bad/unknown.xyz", kind="badInput", contains=["unknown image format"]))
    errors.append(dict(file="bad/does_not_exist.nii.gz", kind="missingInput", contains=["no such file"]))
    d = nifti_data(np.int16).tobytes(order="F")
    def nrrd(name, fields, payload=d):
        (bad / name).write_bytes(("NRRD0004\n" + fields + "\n").encode() + payload)
    base = "type: short\ndimension: 3\nsizes: 6 5 4\nendian: little\nencoding: raw\nspace: LPS\n"
    nrrd("zero_spacing.nrrd", base + "space directions: (1,0,0) (0,0,0) (0,0,2)\n")
    errors.append(dict(file="bad/zero_spacing.nrrd", kind="badInput", contains=["spacing"]))
    nrrd("nan_direction.nrrd", base + "space directions: (1,0,0) (0,nan,0) (0,0,2)\n")
    errors.append(dict(file="bad/nan_direction.nrrd", kind="badInput", contains=["direction"]))
    nrrd("short_data.nrrd", base + "space directions: (1,0,0) (0,1,0) (0,0,2)\n", d[:-7])
    errors.append(dict(file="bad/short_data.nrrd", kind="badInput", contains=["declares"]))
    nrrd("four_d.nrrd", "type: short\ndimension: 4\nsizes: 2 6 5 2\nendian: little\nencoding: raw\nspace: LPS\n"
         "space directions: none (1,0,0) (0,1,0) (0,0,2)\nkinds: list domain domain domain\n", d[: 2 * 6 * 5 * 2 * 2])
    errors.append(dict(file="bad/four_d.nrrd", kind="badInput", contains=["4D", "--volume"]))
    # A negative pixdim with no transform: ITK takes |pixdim|; a zero one with a transform is an error.
    img = nib.Nifti1Image(nifti_data(np.int16), np.eye(4))
    img.header["pixdim"][2] = 0
    img.set_qform(None, code=0)
    img.set_sform(np.diag([1.0, 0.0, 2.0, 1.0]), code=2)
    img.to_filename(str(bad / "zero_spacing.nii.gz"))
    errors.append(dict(file="bad/zero_spacing.nii.gz", kind="badInput", contains=["spacing"]))
    img = nib.Nifti1Image(nifti_data(np.int16), np.diag([1.0, 1.0, 2.0, 1.0]))
    img.set_qform(None, code=0)
    img.set_sform(np.diag([1.0, 1.0, 2.0, 1.0]), code=2)
    img.to_filename(str(bad / "nan_sform.nii"))
    raw = bytearray((bad / "nan_sform.nii").read_bytes())
    struct.pack_into("<f", raw, 296, float("nan"))          # srow_y[0]
    (bad / "nan_sform.nii").write_bytes(bytes(raw))
    errors.append(dict(file="bad/nan_sform.nii", kind="badInput", contains=["sform"]))
    neg = ROOT / "dicom" / "bad_negative_spacing"
    neg.mkdir(parents=True, exist_ok=True)
    ds = ct_dataset("negative", 0, 4, 4, (0.0, 0.0, 0.0), [1, 0, 0, 0, 1, 0], (0.5, 0.5, 1.0), np.zeros((4, 4), np.int16))
    ds.PixelSpacing = ["-0.5", "0.5"]
    ds.save_as(str(neg / "slice.dcm"), enforce_file_format=True)
    errors.append(dict(file="dicom/bad_negative_spacing/slice.dcm", kind="badInput", contains=["PixelSpacing", "not positive"]))
    # Label maps for the grid/label checks, against nifti/dtype_int16.nii.gz's grid.
    ref = nib.load(str(ROOT / "nifti" / "dtype_int16.nii.gz"))
    lab = np.zeros((6, 5, 4), np.uint8)
    lab[1:3, 1:3, 1:3] = 2
    for name, data in [("labels_2.nii.gz", lab), ("empty_mask.nii.gz", np.zeros_like(lab)),
                       ("fewer_slices_mask.nii.gz", lab[:, :, :3])]:
        m = nib.Nifti1Image(data, ref.affine, header=ref.header)
        m.set_data_dtype(np.uint8)
        m.to_filename(str(bad / name))


def main():
    if ROOT.exists():
        shutil.rmtree(ROOT)
    ROOT.mkdir(parents=True)
    make_nifti()
    make_nrrd()
    series, vol = make_dicom()
    make_rtstruct(series, vol)
    make_seg(series, vol)
    make_bad()
    out = dict(generator="Scripts/make_fixtures.py", simpleitk=sitk.Version_VersionString(),
               images=images, masks=masks, errors=errors)
    (ROOT / "expected.json").write_text(json.dumps(out, indent=1) + "\n")
    total = sum(f.stat().st_size for f in ROOT.rglob("*") if f.is_file())
    print(f"{len(images)} images, {len(masks)} masks, {len(errors)} bad inputs; {total // 1024} KiB in {ROOT}")


if __name__ == "__main__":
    sys.exit(main())
