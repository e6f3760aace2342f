#!/usr/bin/env python3
"""SimpleITK's physical point <-> index arithmetic on rotated grids, to the last bit.

ITK inverts direction * diag(spacing) with vnl_svd (LINPACK dsvdc), and pyradiomics'
nearest-neighbour mask resampling breaks ties at exact half-voxel positions on that inverse's
last bit (issue 14). For ~200 deterministic directions and spacings this records, as Python
repr strings (which round-trip exactly):
  - TransformPhysicalPointToContinuousIndex for three points,
  - TransformContinuousIndexToPhysicalPoint for one continuous index (pyradiomics' output origin),
  - TransformIndexToPhysicalPoint for one integer index (ResampleImageFilter's scanline ends).

It also checks that a 2D image's 2 × 2 inverse agrees with the 3 × 3 block one, and records
ResampleImageFilter's nearest-neighbour picks on a rotated grid (Fixtures/itk/resample_scanline.json).

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


def check_2d_block():
    """A 2D image (SimpleITK inverts its 2 × 2 matrix) against the same plane in 3D (the 3 × 3
    block matrix our geometry holds): the in-plane continuous indices must agree to the bit,
    else the fixture above would not cover 2D inputs."""
    rng = np.random.default_rng(7)
    differ = total = 0
    for t in range(300):
        a = math.radians(rng.uniform(-180, 180))
        c, s = math.cos(a), math.sin(a)
        flip = -1.0 if t % 2 else 1.0
        sp = [float(v) for v in (rng.uniform(0.2, 5, 2) if t % 3 == 0 else rng.choice([0.7400000000000001, 0.7812499999999999, 0.9765625, 1.3, 0.5], 2))]
        o = [float(v) for v in rng.uniform(-200, 200, 2)]
        i2 = sitk.Image([4, 4], sitk.sitkUInt8)
        i2.SetSpacing(sp)
        i2.SetOrigin(o)
        i2.SetDirection([c, -s * flip, s, c * flip])
        i3 = sitk.Image([4, 4, 4], sitk.sitkUInt8)
        i3.SetSpacing(sp + [float(rng.choice([1.0, 2.5, 3.3]))])
        i3.SetOrigin(o + [0.0])
        i3.SetDirection([c, -s * flip, 0, s, c * flip, 0, 0, 0, 1])
        for _ in range(3):
            p = [float(v) for v in rng.uniform(-300, 300, 2)]
            total += 1
            differ += tuple(i2.TransformPhysicalPointToContinuousIndex(p)) != tuple(i3.TransformPhysicalPointToContinuousIndex(p + [0.0])[:2])
    print(f'2D against the 3D block inverse: {differ} of {total} points differ')
    assert differ == 0


def scanline_fixture():
    """ResampleImageFilter's scanline arithmetic: nearest-neighbour resampling of an image holding
    its own linear indices, on pyradiomics' grid for the rotated synthetic CT (0.74 × 0.74 × 2.5 mm,
    12° in-plane) to 1 mm, where slice ties at z = k + ½ fall every fifth output slice. Records the
    input voxel each output voxel takes (−1 outside); an accumulated per-voxel step picks others."""
    c, s = 0.9781476007338056, 0.20791169081775931             # as SimpleITK reads synth_ct_image.nrrd
    direction = [c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0]
    size_in, ms, origin_in = [128, 128, 40], np.array([0.7400000000000001, 0.7400000000000001, 2.5]), [-40.5, 12.25, -60.0]
    img = sitk.GetImageFromArray(np.arange(int(np.prod(size_in)), dtype=np.float64).reshape(size_in[::-1]))
    img.SetSpacing(ms.tolist())
    img.SetDirection(direction)
    img.SetOrigin(origin_in)
    sp = np.array([1.0, 1.0, 1.0])
    lower = np.array([30.0, 25.0, 5.0])
    size = [60, 3, 15]
    ratio = ms / sp
    origin_index = .5 * (sp - ms) / ms + lower / ratio          # pyradiomics resampleImage
    origin = img.TransformContinuousIndexToPhysicalPoint(origin_index)
    rif = sitk.ResampleImageFilter()
    rif.SetOutputSpacing(sp.tolist())
    rif.SetOutputDirection(direction)
    rif.SetSize(size)
    rif.SetOutputOrigin(origin)
    rif.SetInterpolator(sitk.sitkNearestNeighbor)
    rif.SetDefaultPixelValue(-1)
    picked = sitk.GetArrayFromImage(rif.Execute(img)).astype(int).ravel().tolist()
    # How many an accumulated step (start + δ + δ + …) would get wrong.
    ref = sitk.Image(size, sitk.sitkUInt8)
    ref.SetSpacing(sp.tolist())
    ref.SetDirection(direction)
    ref.SetOrigin(origin)
    wrong = 0
    for k in range(size[2]):
        for j in range(size[1]):
            s0 = img.TransformPhysicalPointToContinuousIndex(ref.TransformIndexToPhysicalPoint([0, j, k]))
            s1 = img.TransformPhysicalPointToContinuousIndex(ref.TransformIndexToPhysicalPoint([1, j, k]))
            ci = list(s0)
            for i in range(size[0]):
                n = [math.floor(c + 0.5) for c in ci]
                inside = all(-0.5 <= c < s - 0.5 for c, s in zip(ci, size_in))
                guess = n[0] + size_in[0] * (n[1] + size_in[1] * n[2]) if inside else -1
                wrong += guess != picked[i + size[0] * (j + size[1] * k)]
                ci = [c + b - a for c, a, b in zip(ci, s0, s1)]
    out = os.path.join(os.path.dirname(OUT), 'resample_scanline.json')
    doc = {'generator': 'Scripts/make_vnl_inverse_fixtures.py', 'itk': sitk.Version.ITKVersionString(),
           'inputSize': size_in, 'inputSpacing': [repr(float(v)) for v in ms], 'inputOrigin': [repr(v) for v in origin_in],
           'direction': [repr(v) for v in direction], 'spacing': [repr(float(v)) for v in sp], 'lower': lower.tolist(),
           'size': size, 'picked': picked}
    with open(out, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(f'scanline: {len(picked)} voxels, an accumulated step misses {wrong}, {os.path.getsize(out)} bytes -> {out}')


if __name__ == '__main__':
    main()
    check_2d_block()
    scanline_fixture()
