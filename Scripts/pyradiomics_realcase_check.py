#!/usr/bin/env python3
"""Held-out check of the pyradiomics mode on real cases (issue 14); not run by the tests.

Runs pyradiomics-bhklab 3.1.4 and our binary side by side on real image/mask pairs with the
example parameter files (and variants of Params.yaml with resampling and with force2D), and
counts the values that match to 1e-6 relative (1e-3 for shape and shape2D, 1e-12 absolute near 0).

Usage:
  /work/venv/bin/python Scripts/pyradiomics_realcase_check.py DATA_DIR [--binary PATH]
      [--params DIR] [--cache DIR] [--cases brain1,breast1] [--files Params.yaml,…] [--show N]

DATA_DIR holds pyradiomics' test cases as its repository names them (data/<case>_image.nrrd and
<case>_label.nrrd, prostate_phantom_subvolume.nrrd and -label.nrrd; `git show` them from a clone
of AIM-Harvard/pyradiomics, or radiomics.getTestCase); --make-synthetic adds two realistic
synthetic cases (synth_ct, synth_mr). pyradiomics' results are cached in
--cache (default DATA_DIR/pyradiomics-cache) so a rerun after a fix runs only our binary.
Prints one line per case × parameter file and the worst differences of each.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

from ruamel.yaml import YAML

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyradiomics_corpus import number  # noqa: E402  (pyradiomics' numeric outputs, as the corpus reads them)
CASES = {
    "brain1": ("brain1_image.nrrd", "brain1_label.nrrd"),
    "brain2": ("brain2_image.nrrd", "brain2_label.nrrd"),
    "breast1": ("breast1_image.nrrd", "breast1_label.nrrd"),
    "lung1": ("lung1_image.nrrd", "lung1_label.nrrd"),
    "lung2": ("lung2_image.nrrd", "lung2_label.nrrd"),
    "prostate": ("prostate_phantom_subvolume.nrrd", "prostate_phantom_subvolume-label.nrrd"),
    # Realistic synthetic stand-ins (--make-synthetic): a lung-CT-like int16 NRRD and an MR-like
    # uint16 NIfTI, 128×128×40, anisotropic voxels, rotated directions.
    "synth_ct": ("synth_ct_image.nrrd", "synth_ct_label.nrrd"),
    "synth_mr": ("synth_mr_image.nii.gz", "synth_mr_label.nii.gz"),
}
FILES = ["Params.yaml", "Params+resampling", "Params+force2D", "exampleCT.yaml", "exampleMR_3mm.yaml",
         "exampleMR_5mm.yaml", "exampleMR_NoResampling.yaml", "MR_2D_extraction.yaml", "MR_2D_extraction+no-shape2D"]


def parameters(name, folder):
    """The parameter file `name`, or a variant: `+resampling` (B-spline to 1 mm), `+force2D`
    (per-slice texture, every class), `+no-shape2D` (for a 3D ROI, on which shape2D raises)."""
    base, _, variant = name.partition("+")
    with open(os.path.join(folder, base if base.endswith(".yaml") else base + ".yaml")) as f:
        p = json.loads(json.dumps(YAML(typ="safe").load(f)))
    s = p.setdefault("setting", {}) or {}
    p["setting"] = s
    if variant == "resampling":
        s.update(resampledPixelSpacing=[1, 1, 1], interpolator="sitkBSpline")
    elif variant == "force2D":
        s.update(force2D=True, force2Ddimension=0)
        p["featureClass"] = {c: None for c in ["firstorder", "glcm", "glrlm", "glszm", "ngtdm", "gldm"]}
    elif variant == "no-shape2D":
        p["featureClass"].pop("shape2D", None)
    return p


def make_synthetic(folder):
    """Writes the synth_ct and synth_mr cases: smooth textured volumes with a lesion ROI."""
    import numpy as np
    import SimpleITK as sitk
    rng = np.random.default_rng(14)
    shape = (40, 128, 128)
    z, y, x = np.meshgrid(*[np.arange(n, dtype=float) for n in shape], indexing="ij")
    smooth = sum(np.sin(x / p + q) * np.cos(y / (p + 2) - q) * np.cos(z / (p / 2 + 1)) for p, q in [(5, 0.3), (9, 1.1), (17, 2.0)])
    r = np.sqrt(((z - 20) / 9) ** 2 + ((y - 60) / 22) ** 2 + ((x - 70) / 18) ** 2)
    lesion = (r < 1) & (np.sin(x / 2.5) * np.cos(z / 1.7) > -0.6)
    noise = rng.standard_normal(shape)
    for name, dtype, base, spacing, ext, angle in [("synth_ct", np.int16, (-750, 180, 700), (0.74, 0.74, 2.5), ".nrrd", 12),
                                                   ("synth_mr", np.uint16, (600, 150, 500), (0.9, 0.9, 3.0), ".nii.gz", -25)]:
        v = base[0] + base[1] * smooth + 60 * noise + np.where(r < 1.05, base[2] * (1 - 0.5 * r), 0)
        info = np.iinfo(dtype)
        img = sitk.GetImageFromArray(np.clip(np.round(v), info.min, info.max).astype(dtype))
        img.SetSpacing(spacing)
        a = np.radians(angle)
        img.SetDirection([np.cos(a), -np.sin(a), 0, np.sin(a), np.cos(a), 0, 0, 0, 1])
        img.SetOrigin((-40.5, 12.25, -60.0))
        m = sitk.GetImageFromArray(lesion.astype(np.uint8))
        m.CopyInformation(img)
        sitk.WriteImage(img, os.path.join(folder, f"{name}_image{ext}"), useCompression=True)
        sitk.WriteImage(m, os.path.join(folder, f"{name}_label{ext}"), useCompression=True)


def run_pyradiomics(params_path, image, mask):
    import logging
    from radiomics import featureextractor
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    try:
        result = featureextractor.RadiomicsFeatureExtractor(params_path).execute(image, mask)
    except Exception as e:
        return {"error": f"{type(e).__name__}: {e}"}
    return {"values": {k: x for k, v in result.items() if (x := number(v)) is not None}}


def run_ours(binary, params_path, image, mask):
    r = subprocess.run([binary, "extract", image, mask, "--config", params_path, "--format", "jsonl", "--quiet"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"exit {r.returncode}"}
    row = json.loads(r.stdout.strip().splitlines()[0])
    values = {}
    for k, v in row.items():
        if isinstance(v, bool) or k in ("Image", "Mask", "Label", "ID", "error", "warnings"):
            continue
        if v is None:
            values[k] = math.nan
        elif isinstance(v, (int, float)):
            values[k] = float(v)
    return {"values": values}


def matches(tag, ours, want):
    if math.isnan(want):
        return math.isnan(ours)
    if math.isinf(want):
        return ours == want
    tol = 1e-3 if "_shape" in tag else 1e-6
    return abs(ours - want) <= tol * abs(want) or abs(ours - want) < 1e-12


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "radiomics"))
    ap.add_argument("--params", default="/work/shared/pyradiomics-params")
    ap.add_argument("--cache")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--files", default=",".join(FILES))
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--cache-only", action="store_true", help="only run pyradiomics (fill the cache)")
    ap.add_argument("--make-synthetic", action="store_true", help="first write the synth_ct and synth_mr cases into DATA_DIR")
    a = ap.parse_args()
    if a.make_synthetic:
        make_synthetic(a.data)
    cache = a.cache or os.path.join(a.data, "pyradiomics-cache")
    os.makedirs(cache, exist_ok=True)
    total = matched = 0
    for case in a.cases.split(","):
        image, mask = (os.path.join(a.data, f) for f in CASES[case])
        if not (os.path.exists(image) and os.path.exists(mask)):
            print(f"{case}: not in {a.data}, skipped")
            continue
        for name in a.files.split(","):
            p = parameters(name, a.params)
            with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
                json.dump(p, f)  # JSON is YAML
                params_path = f.name
            key = os.path.join(cache, f"{case}__{name.replace('.yaml', '')}.json")
            if os.path.exists(key):
                with open(key) as f:
                    want = json.load(f)
            else:
                want = run_pyradiomics(params_path, image, mask)
                with open(key, "w") as f:
                    json.dump(want, f)
            if a.cache_only:
                os.unlink(params_path)
                print(f"{case} {name}: pyradiomics {'error' if 'error' in want else len(want['values'])}", flush=True)
                continue
            ours = run_ours(a.binary, params_path, image, mask)
            os.unlink(params_path)
            if "error" in want or "error" in ours:
                same = ("error" in want) == ("error" in ours)
                print(f"{case} {name}: pyradiomics {want.get('error', 'ok')!r}, ours {ours.get('error', 'ok')!r}"
                      f"{'' if same else '  MISMATCH'}")
                continue
            w, o = want["values"], ours["values"]
            bad = []
            for k, v in sorted(w.items()):
                if k not in o:
                    bad.append((math.inf, k, "missing", v))
                elif not matches(k, o[k], v):
                    rel = abs(o[k] - v) / max(abs(v), 1e-300)
                    bad.append((rel, k, o[k], v))
            extra = sorted(set(o) - set(w))
            n = len(w)
            total += n
            matched += n - len(bad)
            print(f"{case} {name}: {n - len(bad)}/{n} match ({100 * (n - len(bad)) / max(n, 1):.2f} %)"
                  f"{f', {len(extra)} extra columns' if extra else ''}")
            for rel, k, ov, wv in sorted(bad, reverse=True)[:a.show]:
                print(f"    {k}: ours {ov}, pyradiomics {wv} (rel {rel:.3g})")
    print(f"total: {matched}/{total} values match ({100 * matched / max(total, 1):.3f} %)")


if __name__ == "__main__":
    main()
