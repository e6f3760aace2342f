#!/usr/bin/env python3
"""Reference values for IBSI-mode texture options and the MVEE of analytic shapes.

Writes Fixtures/ibsi_options/pyradiomics_texture_options.json and Fixtures/ibsi_options/mvee.json.
Deterministic; the Swift tests only read the output (they never run Python).

Usage: /work/venv/bin/python Scripts/make_ibsi_option_fixtures.py [--mvee-only]
(needs pyradiomics-bhklab 3.1.4, SimpleITK and numpy: the venv of make_pyradiomics_fixtures.py works too.)

1. pyradiomics texture classes on the committed pyradiomics cases (Fixtures/pyradiomics/cases),
   binWidth 25, with the options where pyradiomics and IBSI define the same quantity:
   - GLDM with gldm_a (α) and `distances` [1 … δ]: pyradiomics' dependence of a voxel counts the
     neighbours at a Chebyshev distance in `distances` (inside the mask) whose grey level differs by
     at most α, plus one; with distances = [1 … δ] this is IBSI's NGLDM with distance δ and
     coarseness α (one matrix for the volume), and pyradiomics' GLDM features are defined on it.
   - NGTDM with `distances` [1 … δ]: the neighbourhood of IBSI's NGTDM at distance δ.
   - GLCM with `distances` [δ]: pyradiomics takes every offset of Chebyshev norm δ (49 directions for
     δ = 2); IBSI takes the 13 directions m scaled by δ. The matrices of the 13 offsets δ·m coincide,
     so calculate_glcm's output is restricted to those 13 offsets (the same restriction pyradiomics'
     own angle loop would make with 13 angles): features averaged over them are IBSI's `_3D_avg`;
     the 13 matrices summed into one give `_3D_comb`.
   Also the bin width's first edge (pyradiomics `getBinEdges`), the lower bound that makes IBSI's
   fixed bin size discretisation identical.
2. The minimum-volume enclosing ellipsoid of the marching-cubes vertex set of voxelised shapes, by
   Khachiyan's algorithm with Todd–Yildirim away steps, run to optimality (1e-13) in numpy. At iso-level 0.5 on a binary mask
   every marching-cubes vertex is the midpoint of a grid edge joining a mask voxel to a background
   voxel, so the vertex set is computed directly (no marching-cubes code involved). The MVEE's
   area by IBSI's series (`mveeArea`) and, for the record, the geometric one from Legendre's
   elliptic integrals (`mveeAreaGeometric`); the vertex set's convex hull (scipy/Qhull) volume and
   area, which for the convex box are its mesh's.
"""
import json
import os
import sys
import types

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # one summation order: byte-identical output
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "Fixtures", "pyradiomics", "cases")
OUT = os.path.join(ROOT, "Fixtures", "ibsi_options")

# (case, label)
TEXTURE_CASES = [("sphere", 1), ("ellipsoid_aniso", 1), ("blob_irregular", 1), ("multilabel", 1)]

# The 13 unique 3D directions, (z, y, x) as pyradiomics orders offsets.
DIRECTIONS = [(z, y, x) for z in (-1, 0, 1) for y in (-1, 0, 1) for x in (-1, 0, 1)
              if (z, y, x) > (0, 0, 0)]
assert len(DIRECTIONS) == 13


def features(cls, image, mask, **settings):
    fc = cls(image, mask, **settings)
    fc.enableAllFeatures()
    return {k: float(v) for k, v in fc.execute().items()}


def glcm_restricted(image, mask, delta, combine, **settings):
    """pyradiomics GLCM features over the 13 offsets δ·m only; combined into one matrix if asked."""
    from radiomics import glcm as G
    real = G.cMatrices

    def calculate_glcm(*args):
        P, angles = real.calculate_glcm(*args)
        wanted = {tuple(delta * np.array(d)) for d in DIRECTIONS} | {tuple(-delta * np.array(d)) for d in DIRECTIONS}
        keep = [a for a in range(len(angles)) if tuple(int(v) for v in angles[a]) in wanted]
        assert len(keep) == 13, (len(keep), angles)
        P, angles = P[..., keep], angles[keep]
        if combine:
            P, angles = P.sum(axis=3, keepdims=True), angles[:1]
        return P, angles

    G.cMatrices = types.SimpleNamespace(calculate_glcm=calculate_glcm)
    try:
        return features(G.RadiomicsGLCM, image, mask, distances=[delta], **settings)
    finally:
        G.cMatrices = real


def texture_options():
    import logging
    import SimpleITK as sitk
    import radiomics
    from radiomics import gldm, ngtdm, imageoperations

    radiomics.logger.setLevel(logging.ERROR)
    out = {"binWidth": 25, "cases": {}}
    for case, label in TEXTURE_CASES:
        image = sitk.ReadImage(os.path.join(CASES, case + "_image.nii.gz"))
        mask = sitk.ReadImage(os.path.join(CASES, case + "_mask.nii.gz"))
        base = {"binWidth": 25, "label": label}
        values = sitk.GetArrayFromImage(image)[sitk.GetArrayFromImage(mask) == label].astype(float)
        entry = {
            "label": label,
            "firstBinEdge": float(imageoperations.getBinEdges(values, binWidth=25)[0]),
            "gldm_a0_d1": features(gldm.RadiomicsGLDM, image, mask, gldm_a=0, distances=[1], **base),
            "gldm_a1_d1": features(gldm.RadiomicsGLDM, image, mask, gldm_a=1, distances=[1], **base),
            "gldm_a2_d1": features(gldm.RadiomicsGLDM, image, mask, gldm_a=2, distances=[1], **base),
            "gldm_a0_d2": features(gldm.RadiomicsGLDM, image, mask, gldm_a=0, distances=[1, 2], **base),
            "gldm_a1_d3": features(gldm.RadiomicsGLDM, image, mask, gldm_a=1, distances=[1, 2, 3], **base),
            "ngtdm_d1": features(ngtdm.RadiomicsNGTDM, image, mask, distances=[1], **base),
            "ngtdm_d2": features(ngtdm.RadiomicsNGTDM, image, mask, distances=[1, 2], **base),
            "ngtdm_d3": features(ngtdm.RadiomicsNGTDM, image, mask, distances=[1, 2, 3], **base),
            "glcm_d1_avg": glcm_restricted(image, mask, 1, False, **base),
            "glcm_d2_avg": glcm_restricted(image, mask, 2, False, **base),
            "glcm_d2_comb": glcm_restricted(image, mask, 2, True, **base),
            "glcm_d3_avg": glcm_restricted(image, mask, 3, False, **base),
        }
        out["cases"][case] = entry
        print(case, "done")
    return out


# ---------------------------------------------------------------- MVEE


def marching_cubes_vertices(mask, spacing):
    """Midpoints of the grid edges joining a mask voxel to a background one, in mm (x, y, z)."""
    m = np.pad(mask.astype(bool), 1)
    pts = []
    for axis in range(3):
        a = np.take(m, range(0, m.shape[axis] - 1), axis=axis)
        b = np.take(m, range(1, m.shape[axis]), axis=axis)
        idx = np.argwhere(a != b).astype(float)
        idx[:, axis] += 0.5
        pts.append(idx)
    p = np.concatenate(pts) - 1.0          # undo the padding; indices are (x, y, z) as the mask is
    return p * np.asarray(spacing, float)


def mvee(points, eps=1e-13, max_iter=10_000_000):
    """Minimum-volume enclosing ellipsoid, centre c and matrix A with (x−c)ᵀA(x−c) ≤ 1.

    Khachiyan's algorithm with Todd and Yildirim's away steps (Wolfe–Atwood), which converges
    linearly: iterate until every point's lifted Mahalanobis value M_i ≤ (d+1)(1 + eps) and every
    support point's ≥ (d+1)(1 − eps), i.e. to the optimum within rounding (plain Khachiyan at a
    10⁻⁹ weight step is still ~10⁻⁵ off in the semi-axes)."""
    n, d = points.shape
    q = np.vstack([points.T, np.ones(n)])
    u = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        x = q @ (u[:, None] * q.T)
        m = np.einsum("ij,ji->i", q.T, np.linalg.solve(x, q))
        j = int(np.argmax(m))
        k = int(np.argmin(np.where(u > 0, m, np.inf)))
        up, down = m[j] / (d + 1) - 1, 1 - m[k] / (d + 1)
        if max(up, down) < eps:
            break
        i = j if up > down else k
        step = (m[i] - d - 1) / ((d + 1) * (m[i] - 1))
        if i == k and up <= down:
            step = max(step, -u[k] / (1 - u[k]))     # away step, at most down to u_k = 0
        u = (1 - step) * u
        u[i] += step
    else:
        raise RuntimeError("MVEE did not converge")
    c = points.T @ u
    a = np.linalg.inv(points.T @ (u[:, None] * points) - np.outer(c, c)) / d
    return c, a


def hull_points(points):
    """The points on the convex hull (scipy), which alone decide the MVEE."""
    from scipy.spatial import ConvexHull
    return points[ConvexHull(points).vertices]


def ellipsoid_area(a, b, c):
    """Surface area of an ellipsoid with semi-axes a ≥ b ≥ c (Legendre's elliptic integrals)."""
    from scipy.special import ellipeinc, ellipkinc
    phi = np.arccos(c / a)
    m = (a * a * (b * b - c * c)) / (b * b * (a * a - c * c))
    return float(2 * np.pi * c * c + 2 * np.pi * a * b / np.sin(phi)
                 * (ellipeinc(phi, m) * np.sin(phi) ** 2 + ellipkinc(phi, m) * np.cos(phi) ** 2))


def ibsi_ellipsoid_area(a, b, c, terms=20):
    """IBSI 1's ellipsoid area (area densities AEE and MVEE): 4πab Σ_{ν=0}^{20} (αβ)^ν/(1 − 4ν²)
    P_ν((α² + β²)/(2αβ)), α = √(1 − b²/a²), β = √(1 − c²/a²), with numpy's Legendre series as the
    IBSI reference implementations (MEDimage) evaluate it. Not the geometric area (the series
    converges elsewhere: −10 % for the box's MVEE below), but the quantity IBSI defines."""
    alpha, beta = np.sqrt(1 - b * b / (a * a)), np.sqrt(1 - c * c / (a * a))
    x = (alpha ** 2 + beta ** 2) / (2 * alpha * beta)
    return float(4 * np.pi * a * b * sum((alpha * beta) ** v / (1 - 4 * v * v)
                                         * np.polynomial.legendre.legval(x, [0] * v + [1]) for v in range(terms + 1)))


def mvee_shapes():
    shapes = {}
    # A voxelised ellipsoid with semi-axes 14, 9 and 6 mm on a 1×1×1.5 mm grid.
    nx, ny, nz = 34, 24, 12
    x, y, z = np.meshgrid(np.arange(nx), np.arange(ny), np.arange(nz), indexing="ij")
    spacing = (1.0, 1.0, 1.5)
    cx, cy, cz = 16.3, 11.6, 5.4
    ell = (((x - cx) * spacing[0] / 14) ** 2 + ((y - cy) * spacing[1] / 9) ** 2 + ((z - cz) * spacing[2] / 6) ** 2) <= 1
    shapes["ellipsoid"] = {"size": [nx, ny, nz], "spacing": list(spacing), "semiAxes": [14, 9, 6],
                           "centreVoxel": [cx, cy, cz], "mask": ell}
    # A box of 10×6×4 voxels, unit spacing: the vertex set is the box of 10×6×4 mm with its edges
    # and corners cut (midpoints), so the MVEE is not the box's circumscribed ellipsoid.
    box = np.zeros((14, 10, 8), bool)
    box[2:12, 2:8, 2:6] = True
    shapes["box"] = {"size": [14, 10, 8], "spacing": [1.0, 1.0, 1.0], "boxLower": [2, 2, 2], "boxSize": [10, 6, 4], "mask": box}
    out = {}
    from scipy.spatial import ConvexHull
    for name, s in shapes.items():
        pts = hull_points(marching_cubes_vertices(s["mask"], s["spacing"]))
        hull = ConvexHull(pts)
        c, a = mvee(pts)
        semi = np.sort(1 / np.sqrt(np.linalg.eigvalsh(a)))[::-1]
        worst = float(np.max(np.einsum("ij,jk,ik->i", pts - c, a, pts - c)))
        entry = {k: v for k, v in s.items() if k != "mask"}
        entry.update({"voxels": int(s["mask"].sum()), "hullPoints": int(len(pts)), "mveeSemiAxes": semi.tolist(),
                      "mveeVolume": float(4 / 3 * np.pi * np.prod(semi)), "mveeArea": ibsi_ellipsoid_area(*semi),
                      "mveeAreaGeometric": ellipsoid_area(*semi),
                      "maxMahalanobisSquared": worst,
                      # The convex hull of the vertices: the mesh itself for a convex shape (the box).
                      "hullVolume": float(hull.volume), "hullArea": float(hull.area)})
        out[name] = entry
        print(name, entry["mveeSemiAxes"], worst)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "mvee.json"), "w") as f:
        json.dump(mvee_shapes(), f, indent=1)
    if "--mvee-only" in sys.argv:
        return
    with open(os.path.join(OUT, "pyradiomics_texture_options.json"), "w") as f:
        json.dump(texture_options(), f, indent=1)


if __name__ == "__main__":
    main()
