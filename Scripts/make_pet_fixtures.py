#!/usr/bin/env python3
"""Synthetic PET DICOM series for the SUV tests (Fixtures/pet/), written with pydicom, and the
SUV factors expected for each, computed here independently of radiomics (expected.json).

Each series is 6×5 pixels × 4 slices, uint16 with RescaleSlope 0.5 (activity in Bq/mL after
rescale). Cases cover every branch of the SUV rules: RadiopharmaceuticalStartDateTime vs
RadiopharmaceuticalStartTime + SeriesDate, a post-processed series whose SeriesTime is after the
earliest AcquisitionTime, DecayCorrection ADMIN, LBM (male and female) and BSA, Philips CNTS with
the private SUV scale factor (7053,1000), and the error cases (missing PatientWeight, missing
dose, contradictory PatientWeight, injection after the series, unsupported DecayCorrection, a CT
series). A NIfTI mask on the series' grid (written with SimpleITK from the first case) serves
the command-line test.

Run from the repository root: /work/venv/bin/python Scripts/make_pet_fixtures.py
"""
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

ROOT = Path("Fixtures/pet")
PET_CLASS = "1.2.840.10008.5.1.4.1.1.128"
CT_CLASS = "1.2.840.10008.5.1.4.1.1.2"
NX, NY, NZ = 6, 5, 4
F18 = 6586.2          # s
DOSE = 370e6          # Bq
RNG = np.random.default_rng(1616)
PIXELS = RNG.integers(100, 20000, size=(NZ, NY, NX)).astype(np.uint16)


def uid(name, k=0):
    return f"1.2.826.0.1.3680043.10.1616.{sum(map(ord, name))}.{len(name)}.{k}"


def slice_dataset(case, k, attrs, modality="PT"):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = PET_CLASS if modality == "PT" else CT_CLASS
    meta.MediaStorageSOPInstanceUID = uid(case, 100 + k)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = uid(case, 1)
    ds.SeriesInstanceUID = uid(case, 2)
    ds.FrameOfReferenceUID = uid(case, 3)
    ds.Modality = modality
    ds.PatientID = "PET-" + case
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [-10.0, -8.0, 50.0 + 3.0 * k]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [4.0, 4.0]
    ds.SliceThickness = 3.0
    ds.Rows, ds.Columns = NY, NX
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleSlope = "0.5"
    ds.RescaleIntercept = "0"
    ds.PixelData = PIXELS[k].tobytes()
    for key, value in attrs.items():
        if key == "radiopharmaceutical":
            if value is None:
                continue
            item = Dataset()
            for k2, v2 in value.items():
                setattr(item, k2, v2)
            ds.RadiopharmaceuticalInformationSequence = Sequence([item])
        elif key == "philips":
            ds.add_new(0x70530010, "LO", "Philips PET Private Group")
            ds.add_new(0x70531000, "DS", value)
        elif callable(value):
            setattr(ds, key, value(k))
        elif value is not None:
            setattr(ds, key, value)
    return ds


def base_attrs():
    return {
        "Units": "BQML", "DecayCorrection": "START", "CorrectedImage": ["ATTN", "DECY"],
        "SeriesDate": "20260301", "SeriesTime": "101500", "AcquisitionDate": "20260301",
        "AcquisitionTime": "101500", "PatientWeight": "72.5", "PatientSize": "1.78", "PatientSex": "M",
        "radiopharmaceutical": {"RadiopharmaceuticalStartDateTime": "20260301091000.00",
                                "RadionuclideTotalDose": str(DOSE), "RadionuclideHalfLife": str(F18)},
    }


def t(date, time):
    return dt.datetime.strptime(date + time.split(".")[0], "%Y%m%d%H%M%S")


def lbm(w, h, male):
    bmi = w / h**2
    return 9270 * w / (6680 + 216 * bmi) if male else 9270 * w / (8780 + 244 * bmi)


def bsa(w, h):
    return 0.007184 * w**0.425 * (h * 100) ** 0.725


def decayed(injection, reference, dose=DOSE):
    return dose * 2 ** (-(reference - injection).total_seconds() / F18)


def write(case, attrs, modality="PT"):
    folder = ROOT / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for k in range(NZ):
        slice_dataset(case, k, attrs, modality).save_as(str(folder / f"slice{k}.dcm"), enforce_file_format=True)


def main():
    if ROOT.exists():
        shutil.rmtree(ROOT)
    expected = {"factors": [], "errors": []}

    def factor(case, method, value, **options):
        expected["factors"].append({"case": case, "method": method, "factor": value, "options": options})

    def error(case, method, contains, **options):
        expected["errors"].append({"case": case, "method": method, "contains": contains, "options": options})

    inj = t("20260301", "091000")
    ref = t("20260301", "101500")
    d = decayed(inj, ref)

    # 1. START, RadiopharmaceuticalStartDateTime; every method; overrides.
    write("start_datetime", base_attrs())
    factor("start_datetime", "bw", 72.5 * 1000 / d)
    factor("start_datetime", "lbm", lbm(72.5, 1.78, True) * 1000 / d)
    factor("start_datetime", "bsa", bsa(72.5, 1.78) * 10000 / d)
    factor("start_datetime", "bw", 80 * 1000 / decayed(inj, ref, 300e6), weightKg=80, doseMBq=300)

    # 2. RadiopharmaceuticalStartTime on SeriesDate; female for LBM.
    a = base_attrs()
    a["radiopharmaceutical"] = {"RadiopharmaceuticalStartTime": "090000.000000", "RadionuclideTotalDose": str(DOSE),
                                "RadionuclideHalfLife": str(F18)}
    a["PatientSex"] = "F"
    a["PatientWeight"] = "61"
    a["PatientSize"] = "1.64"
    write("start_time", a)
    d2 = decayed(t("20260301", "090000"), ref)
    factor("start_time", "bw", 61 * 1000 / d2)
    factor("start_time", "lbm", lbm(61, 1.64, False) * 1000 / d2)

    # 3. Post-processed: SeriesTime after the earliest AcquisitionTime (slices acquired at 10:05:00 and 10:05:30).
    a = base_attrs()
    a["SeriesTime"] = "113000"
    a["AcquisitionTime"] = lambda k: "100500" if k % 2 else "100530"
    write("post_processed", a)
    earliest = t("20260301", "100500")
    factor("post_processed", "bw", 72.5 * 1000 / decayed(inj, earliest))

    # 4. ADMIN: the images are decay-corrected to the injection: the dose itself.
    a = base_attrs()
    a["DecayCorrection"] = "ADMIN"
    write("admin", a)
    factor("admin", "bw", 72.5 * 1000 / DOSE)

    # 5. Philips CNTS with the private SUV scale factor.
    a = base_attrs()
    a["Units"] = "CNTS"
    a["philips"] = "0.000731"
    write("philips_cnts", a)
    factor("philips_cnts", "bw", 0.000731)
    factor("philips_cnts", "lbm", 0.000731 * lbm(72.5, 1.78, True) / 72.5)

    # Errors (and the overrides that repair them).
    a = base_attrs()
    a["PatientWeight"] = None
    write("no_weight", a)
    error("no_weight", "bw", "PatientWeight (0010,1030) is missing")
    factor("no_weight", "bw", 70 * 1000 / d, weightKg=70)

    a = base_attrs()
    a["radiopharmaceutical"] = {"RadiopharmaceuticalStartDateTime": "20260301091000", "RadionuclideHalfLife": str(F18)}
    write("no_dose", a)
    error("no_dose", "bw", "RadionuclideTotalDose (0018,1074) is missing")
    factor("no_dose", "bw", 72.5 * 1000 / decayed(inj, ref, 350e6), doseMBq=350)

    a = base_attrs()
    a["PatientWeight"] = lambda k: "72.5" if k < 2 else "75"
    write("contradictory_weight", a)
    error("contradictory_weight", "bw", "contradictory PatientWeight (0010,1030)")

    a = base_attrs()
    a["radiopharmaceutical"]["RadiopharmaceuticalStartDateTime"] = "20260301110000"
    write("injection_after_series", a)
    error("injection_after_series", "bw", "is after the reference time")

    a = base_attrs()
    a["DecayCorrection"] = "NONE"
    write("decay_none", a)
    error("decay_none", "bw", "DecayCorrection (0054,1102) is 'NONE'")

    a = base_attrs()
    a["PatientSex"] = "O"
    write("sex_other", a)
    error("sex_other", "lbm", "PatientSex (0010,0040) is 'O'")
    factor("sex_other", "bw", 72.5 * 1000 / d)

    a = base_attrs()
    a["Units"] = "CNTS"
    write("cnts_without_philips", a)
    error("cnts_without_philips", "bw", "(7053,1000) is missing")

    a = base_attrs()
    a["Units"] = None
    write("ct", a, modality="CT")
    error("ct", "bw", "Modality (0008,0060) is 'CT', not PT")

    # A mask on the series grid for the command line: a 3×3×2 block.
    import SimpleITK as sitk
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(ROOT / "start_datetime")))
    image = reader.Execute()
    mask = np.zeros((NZ, NY, NX), np.uint8)
    mask[1:3, 1:4, 2:5] = 1
    m = sitk.GetImageFromArray(mask)
    m.CopyInformation(image)
    sitk.WriteImage(m, str(ROOT / "start_datetime_mask.nii.gz"))
    activity = sitk.GetArrayFromImage(image).astype(np.float64)
    expected["start_datetime_roi_mean_bq_ml"] = float(activity[mask == 1].mean())

    with open(ROOT / "expected.json", "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
