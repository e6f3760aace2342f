#!/usr/bin/env python3
"""Runs the 18 IBSI 2 phase 2 presets (ibsi2-phase2-1.A … 9.B) with a radiomics binary on the
CT phantom and compares the 18 stat_* features with the consensus values, using the IBSI match
rule of Sources/Radiomics/Conformance/IBSIReference.swift (`compare`). Prints per-configuration
match counts and every miss; exits 1 on any miss. A developer check: the tests never run it.

usage: Scripts/check_ibsi2_phase2.py [--bin .build/release/radiomics] [--csv REFERENCE_CSV] [--rule ibsi|absolute] [IDS…]
"""
import argparse, csv, math, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CT = os.path.join(ROOT, "Fixtures/ibsi/ibsi1/ct_phantom/nifti")
DEFAULT_CSV = os.path.join(ROOT, "Fixtures/ibsi/reference_values/ibsi2/phase2_feature_values/reference_values.csv")


def compare(value, reference, tolerance):
    """'match', 'partial' or 'miss': d = reference − value truncated at the reference's 3rd significant digit."""
    if not math.isfinite(value):
        return "miss"
    decimals = 0 if reference == 0 else 3 - (1 + math.floor(math.log10(abs(reference))))
    scaled = (reference - value) * 10.0 ** decimals
    scaled += (1e-9 if scaled >= 0 else -1e-9) * max(1, abs(scaled))
    a = abs(math.trunc(scaled) / 10.0 ** decimals)
    if a <= tolerance * (1 + 1e-12):
        return "match"
    return "partial" if a < 3 * tolerance else "miss"


def compare_absolute(value, reference, tolerance):
    """The plain rule of `radiomics ibsi-check` for phase 2: |value − reference| ≤ tolerance."""
    if not math.isfinite(value):
        return "miss"
    d = abs(value - reference) - 1e-12 * max(abs(reference), tolerance)
    return "match" if d <= tolerance else ("partial" if d < 3 * tolerance else "miss")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/radiomics"))
    ap.add_argument("--csv", default=DEFAULT_CSV)
    ap.add_argument("--rule", choices=["ibsi", "absolute"], default="ibsi",
                    help="ibsi: IBSIReference.compare (default); absolute: |value − reference| ≤ tolerance")
    ap.add_argument("ids", nargs="*")
    args = ap.parse_args()
    refs = {}
    with open(args.csv) as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["consensus_value"].strip():
                refs.setdefault(row["filter_id"], {})[row["feature_tag"]] = (float(row["consensus_value"]), float(row["tolerance"]))
    ids = args.ids or [f"{n}.{v}" for n in range(1, 10) for v in "AB"]
    total = matched = 0
    for cid in ids:
        start = time.time()
        out = subprocess.run([args.bin, "extract", f"{CT}/image/phantom.nii.gz", f"{CT}/mask/mask.nii.gz",
                              "--preset", f"ibsi2-phase2-{cid}", "--format", "long"],
                             capture_output=True, text=True, check=True).stdout
        values = {}
        # By column name: a LoG preset's table has a `warnings` column after `value`.
        for row in csv.DictReader(out.splitlines()):
            try:
                values[row["feature"]] = float(row["value"])
            except (KeyError, TypeError, ValueError):
                pass
        n = ok = 0
        misses = []
        for tag, (ref, tol) in sorted(refs.get(cid, {}).items()):
            n += 1
            v = values.get(tag, float("nan"))
            verdict = (compare if args.rule == "ibsi" else compare_absolute)(v, ref, tol)
            if verdict == "match":
                ok += 1
            else:
                misses.append(f"{tag} {v:.6g} vs {ref:g} ± {tol:g} ({verdict})")
        total += n
        matched += ok
        print(f"{cid}: {ok}/{n} ({time.time() - start:.1f} s)" + ("".join("\n    " + m for m in misses)))
    print(f"total: {matched}/{total}")
    return 0 if matched == total else 1


if __name__ == "__main__":
    sys.exit(main())
