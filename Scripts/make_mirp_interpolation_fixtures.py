#!/usr/bin/env python3
"""MIRP's values for IBSI interpolation options: `interpolation.mask_interpolator` and
`interpolation.partial_volume_threshold` (Fixtures/ibsi_options/mirp_interpolation.json).

MIRP (an independent IBSI implementation) resamples on IBSI's grid ("align grid centres": size
ceil(n·s/s'), centred on the original grid) with scipy's map_coordinates (mode "nearest", spline
order 0, 1 or 3) for the image and for the mask (as a float), then keeps mask voxels ≥ the
threshold (modality MR: intensities not rounded; for CT MIRP rounds them, and a sample that
interpolates to exactly x.5 is then rounded by float noise). That is the definition of ours
(README "Processing"), so the interpolated ROI, and every feature computed on it, must coincide.

MIRP 2.7.0 parses `roi_interpolation_mask_inclusion_threshold` but binarises the interpolated mask
at 0.5 whatever its value (`MaskImage.update_image_data`: `np.around(x, 6) >= np.around(0.5, 6)`).
For thresholds other than 0.5 this script patches that one comparison to use the threshold, which is
the parameter's documented meaning; everything else is MIRP's own code path.

Anti-aliasing (MIRP's default) is off: IBSI 1 and our interpolation have none.

Usage: a venv with MIRP: python3 -m venv /tmp/mirp-venv && /tmp/mirp-venv/bin/pip install mirp==2.7.0
       /tmp/mirp-venv/bin/python Scripts/make_mirp_interpolation_fixtures.py
"""
import json
import logging
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "Fixtures", "pyradiomics", "cases")
OUT = os.path.join(ROOT, "Fixtures", "ibsi_options", "mirp_interpolation.json")

# (case, new spacing mm, mask spline order, threshold)
RUNS = [
    ("ellipsoid_aniso", 1.5, 0, 0.5), ("ellipsoid_aniso", 1.5, 1, 0.5), ("ellipsoid_aniso", 1.5, 3, 0.5),
    ("ellipsoid_aniso", 1.5, 1, 0.2), ("ellipsoid_aniso", 1.5, 1, 0.8), ("ellipsoid_aniso", 1.5, 3, 0.3),
    ("blob_irregular", 1.0, 0, 0.5), ("blob_irregular", 1.0, 1, 0.5), ("blob_irregular", 1.0, 3, 0.5),
    ("blob_irregular", 1.0, 1, 0.25), ("blob_irregular", 1.0, 1, 0.75),
    ("sphere", 1.7, 1, 0.5), ("sphere", 1.7, 1, 0.9), ("sphere", 1.7, 0, 0.5),
]

KEEP = ("stat_", "morph_volume", "morph_vol_approx", "morph_area_mesh")


def main():
    import mirp
    from mirp import extract_features
    from mirp._images.mask_image import MaskImage

    logging.disable(logging.INFO)
    original = MaskImage.update_image_data
    out = {"mirp": mirp.__version__ if hasattr(mirp, "__version__") else "2.7.0", "imageInterpolationOrder": 1,
           "roundIntensities": False, "runs": []}
    for case, spacing, order, threshold in RUNS:
        def update_image_data(self, t=threshold):
            if self.is_empty() or self.image_encoded or self.image_data.dtype == bool:
                return
            self.image_data = np.around(self.image_data, 6) >= np.around(t, 6)
            self.encode_voxel_grid()
        MaskImage.update_image_data = update_image_data if threshold != 0.5 else original
        try:
            frame = extract_features(
                image=os.path.join(CASES, case + "_image.nii.gz"),
                mask=os.path.join(CASES, case + "_mask.nii.gz"),
                image_modality="MR",   # CT would round interpolated intensities: ties at x.5 then depend on float noise
                base_feature_families=["statistics", "morphology"],
                new_spacing=spacing,
                spline_order=1,
                roi_spline_order=order,
                roi_interpolation_mask_inclusion_threshold=threshold,
                anti_aliasing=False,
                base_discretisation_method="none",
            )[0]
        finally:
            MaskImage.update_image_data = original
        values = {c: float(frame[c].values[0]) for c in frame.columns if c.startswith(KEEP)}
        out["runs"].append({"case": case, "spacing": spacing, "maskOrder": order, "threshold": threshold, "features": values})
        print(case, spacing, order, threshold, values["morph_vol_approx"], values["stat_mean"])
    # MIRP ignores unknown keyword arguments silently: the mask orders must give different ROIs.
    for case in {r["case"] for r in out["runs"]}:
        at_half = {r["maskOrder"]: r["features"]["morph_volume"] for r in out["runs"] if r["case"] == case and r["threshold"] == 0.5}
        assert len(set(at_half.values())) == len(at_half), (case, at_half)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
