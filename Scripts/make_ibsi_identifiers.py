#!/usr/bin/env python3
"""Fills in the `ibsi:` field of every catalogue line in Sources/Radiomics/Features/*+Family.swift:
the IBSI 1 identifier (the 4-character code printed beside each feature in the IBSI reference
manual), matched by family section and feature name; `nil` where the manual has none.

Usage: Scripts/make_ibsi_identifiers.py /work/shared/ibsi/manual/03_Image_features.rst
"""
import glob
import re
import sys

SECTION_FAMILY = {  # manual section title (prefix) -> our family
    "Morphological features": "morphology", "Local intensity features": "local-intensity",
    "Intensity-based statistical features": "statistics", "Intensity histogram features": "intensity-histogram",
    "Intensity-volume histogram features": "intensity-volume-histogram", "Grey level co-occurrence based features": "glcm",
    "Grey level run length based features": "glrlm", "Grey level size zone based features": "glszm",
    "Grey level distance zone based features": "gldzm", "Neighbourhood grey tone difference based features": "ngtdm",
    "Neighbouring grey level dependence based features": "ngldm",
}


ABBREVIATIONS = {"(AABB)": "(axis-aligned bounding box)", "(OMBB)": "(oriented minimum bounding box)",
                 "(AEE)": "(approximate enclosing ellipsoid)", "(MVEE)": "(minimum volume enclosing ellipsoid)"}
# Our names where the manual names one entry for several features (IVH fractions).
ALIASES = {"ivh_v10": "Volume at intensity fraction", "ivh_v90": "Volume at intensity fraction",
           "ivh_i10": "Intensity at volume fraction", "ivh_i90": "Intensity at volume fraction",
           "ivh_diff_v10_v90": "Volume fraction difference between intensity fractions",
           "ivh_diff_i10_i90": "Intensity fraction difference between volume fractions"}

# Where the manual's text is wrong or silent: its rst repeats 1PR8 (the minimum) for the 10th
# discretised percentile and gives the 90th GPMT, and prints no code for small zone emphasis.
# DICOM CID 7478 / 7476 and MIRP use GPMT (p10), OZ0C (p90) and 5QRC.
OVERRIDES = {"ih_p10": "GPMT", "ih_p90": "OZ0C", "szm_sze": "5QRC"}


def norm(name):
    for short, long in ABBREVIATIONS.items():
        name = name.replace(short, long)
    name = re.sub(r"\\ :sup:`th`", "", name)
    name = re.sub(r"(\d)th\b", r"\1", name)
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("normalized", "normalised"))


def loose(key):
    """The manual qualifies names the catalogue leaves bare ('Mean intensity', 'Low grey level zone emphasis')."""
    for word in ("intensitybased", "intensityhistogram", "discretised", "intensity", "zone"):
        key = key.replace(word, "")
    return key


def manual_codes(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    family, out = None, {}
    for n, line in enumerate(lines):
        if n + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[n + 1]):
            family = next((f for t, f in SECTION_FAMILY.items() if line.startswith(t)), family)
        m = re.search(r'text-align:right">([A-Z0-9]{4})<', line)
        if m and family:
            # The heading is the text line above its ^^^ underline, just before the raw block.
            for k in range(n - 1, max(n - 6, 0), -1):
                if re.fullmatch(r"\^{3,}", lines[k]):
                    out.setdefault((family, norm(lines[k - 1])), m.group(1))
                    out.setdefault((family, "~" + loose(norm(lines[k - 1]))), m.group(1))
                    break
    return out


LINE = re.compile(r'^(\s*\.init\("([^"]+)", "((?:[^"\\]|\\.)*)", ibsi: )(nil|"[A-Z0-9]{4}")(, .*)$')


def family_files():
    """(path, family id, text) of every family conformance file."""
    for path in sorted(glob.glob("Sources/Radiomics/Features/*+Family.swift")):
        text = open(path, encoding="utf-8").read()
        m = re.search(r'public static let \w+ = Self\("([^"]+)"\)', text)
        yield path, m.group(1), text


if __name__ == "__main__":
    codes = manual_codes(sys.argv[1])
    found, missing = 0, []
    for path, family, text in family_files():
        out = []
        for line in text.split("\n"):
            m = LINE.match(line)
            if m:
                stem, name = m.group(2), m.group(3)
                key = norm(ALIASES.get(stem, name))
                code = OVERRIDES.get(stem) or codes.get((family, key)) or codes.get((family, "~" + loose(key)))
                if code: found += 1
                else: missing.append(stem)
                line = m.group(1) + (f'"{code}"' if code else "nil") + m.group(5)
            out.append(line)
        open(path, "w", encoding="utf-8").write("\n".join(out))
    print(f"{found} identifiers; no identifier for: {', '.join(missing)}", file=sys.stderr)
