#!/usr/bin/env python3
"""SimpleITK's physical point <-> index arithmetic on rotated grids, to the last bit.

ITK inverts direction * diag(spacing) with vnl_svd (LINPACK dsvdc), and pyradiomics'
nearest-neighbour mask resampling breaks ties at exact half-voxel positions on that inverse's
last bit (issue 14). For ~200 deterministic directions and spacings this records, as Python
repr strings (which round-trip exactly):
  - TransformPhysicalPointToContinuousIndex for three points,
  - TransformContinuousIndexToPhysicalPoint for one continuous index (pyradiomics' output origin),
  - TransformIndexToPhysicalPoint for one integer index (ResampleImageFilter's scanline ends).

Usage: /work/venv/bin/python Scripts/make_vnl_inverse_fixtures.py  (writes Fixtures/itk/vnl_inverse.json)
"""
import itertools
import json
import math
import os

import numpy as np
import SimpleITK as sitk

OUT = os.path.join(os.path.dirname(__file__), '..', 'Fixtures', 'itk', 'vnl_inverse.json')


def rotation(axis, degrees):
    a = np.asarray(axis, dtype=float)
    a = a / np.linalg.norm(a)
    t = math.radians(degrees)
    c, s = math.cos(t), math.sin(t)
    x, y, z = a
    return np.array([[c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s],
                     [y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s],
                     [z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)]])


def quaternion_direction(b, c, d):
    """NIfTI qform: the quaternion's float32 b, c, d and a = sqrt(1 - b² - c² - d²), as ITK's reader."""
    b, c, d = (float(np.float32(v)) for v in (b, c, d))
    a = math.sqrt(max(0.0, 1.0 - (b * b + c * c + d * d)))
    return np.array([[a * a + b * b - c * c - d * d, 2 * b * c - 2 * a * d, 2 * b * d + 2 * a * c],
                     [2 * b * c + 2 * a * d, a * a + c * c - b * b - d * d, 2 * c * d - 2 * a * b],
                     [2 * b * d - 2 * a * c, 2 * c * d + 2 * a * b, a * a + d * d - c * c - b * b]])


def directions(rng):
    out = []
    # Signed permutations (flips, LPS/RAS, swapped axes): 48.
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1.0, -1.0), repeat=3):
            m = np.zeros((3, 3))
            for r, c in enumerate(perm):
                m[r, c] = signs[r]
            out.append(('flip', m))
    # The rotated CT of the real-case check: 12° in-plane.
    t = math.radians(12)
    out.append(('synth_ct', np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])))
    # In-plane rotations about each axis, with and without a flip.
    for k in range(36):
        axis = [0, 0, 0]
        axis[k % 3] = 1
        m = rotation(axis, rng.uniform(-180, 180))
        if k % 2:
            m = m @ np.diag([1.0, -1.0, 1.0])
        out.append(('inplane', m))
    # Near-axis-aligned: tiny rotations about random axes.
    for k in range(30):
        m = rotation(rng.normal(size=3), 10 ** rng.uniform(-7, -1))
        if k % 3 == 0:
            m = np.diag([-1.0, -1.0, 1.0]) @ m
        out.append(('near', m))
    # NIfTI qforms from float32 quaternions (oblique acquisitions).
    for _ in range(30):
        q = rng.normal(size=3) * rng.uniform(0.02, 0.5)
        out.append(('qform', quaternion_direction(*q)))
    # General random rotations (and reflections).
    for k in range(56):
        q = rng.normal(size=4)
        q /= np.linalg.norm(q)
        w, x, y, z = q
        m = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                      [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                      [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
        if k % 4 == 1:
            m = m @ np.diag([1.0, 1.0, -1.0])
        out.append(('random', m))
    return out


def spacing(rng, k):
    typical = [0.7400000000000001, 0.7812499999999999, 2.5, 1.0, 0.5, 3.0, 5.0, 0.9765625, 1.25, 6.499999999999998, 0.4]
    if k % 3 == 0:
        return [float(rng.choice(typical)), float(rng.choice(typical)), float(rng.choice(typical))]
    if k % 3 == 1:
        s = float(rng.choice(typical))
        return [s, s, float(rng.choice(typical))]
    return [float(v) for v in rng.uniform(0.2, 6, size=3)]


def main():
    rng = np.random.default_rng(20261205)
    cases = []
    for k, (kind, d) in enumerate(directions(rng)):
        sp = spacing(rng, k)
        origin = [float(v) for v in rng.uniform(-250, 250, size=3)]
        img = sitk.Image([4, 4, 4], sitk.sitkUInt8)
        img.SetSpacing(sp)
        img.SetOrigin(origin)
        img.SetDirection([float(v) for v in d.ravel()])
        # Points at half-voxel positions (where nearest-neighbour ties sit) and at random ones.
        half = [float(v) + 0.5 for v in rng.integers(-20, 200, size=3)]
        points = [img.TransformContinuousIndexToPhysicalPoint(half),
                  tuple(float(v) for v in np.asarray(origin) + rng.uniform(-300, 300, size=3)),
                  img.TransformContinuousIndexToPhysicalPoint([float(v) for v in rng.uniform(-10, 300, size=3)])]
        cont = [float(v) for v in rng.uniform(-5, 300, size=3)]
        index = [int(v) for v in rng.integers(0, 400, size=3)]
        cases.append({
            'kind': kind,
            'direction': [repr(float(v)) for v in img.GetDirection()],
            'spacing': [repr(v) for v in img.GetSpacing()],
            'origin': [repr(v) for v in img.GetOrigin()],
            'points': [[repr(v) for v in p] for p in points],
            'continuousIndices': [[repr(v) for v in img.TransformPhysicalPointToContinuousIndex(p)] for p in points],
            'continuousIndex': [repr(v) for v in cont],
            'continuousIndexPoint': [repr(v) for v in img.TransformContinuousIndexToPhysicalPoint(cont)],
            'index': index,
            'indexPoint': [repr(v) for v in img.TransformIndexToPhysicalPoint(index)],
        })
    doc = {'generator': 'Scripts/make_vnl_inverse_fixtures.py', 'simpleitk': sitk.Version.VersionString(),
           'itk': sitk.Version.ITKVersionString(), 'cases': cases}
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(f'{len(cases)} cases, {os.path.getsize(OUT)} bytes -> {OUT}')


if __name__ == '__main__':
    main()
