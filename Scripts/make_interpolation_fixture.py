#!/usr/bin/env python3
"""Reference samples for the interpolation tests (Tests/RadiomicsTests/Preprocessing/InterpolationTests.swift).

A deterministic 9x8x7 volume (spacing 1.3 x 0.9 x 2.5 mm) is resampled to 1 mm on the IBSI
"align grid centers" grid with scipy.ndimage.map_coordinates, mode "nearest", order 1
(trilinear) and order 3 (cubic B-spline with prefilter). Output: Fixtures/interpolation/
ibsi_grid_scipy.txt, one block per order: a line "order N nx ny nz", then the samples, x fastest.
Run: python3 Scripts/make_interpolation_fixture.py
"""
import math
import numpy as np
from scipy import ndimage

size = (9, 8, 7)
spacing = (1.3, 0.9, 2.5)
new_spacing = (1.0, 1.0, 1.0)


def value(i, j, k):
    return float(((i * 7 + j * 13 + k * 29) % 17) * 10 - 50 + (i * j) % 5)


a = np.zeros(size)
for i in range(size[0]):
    for j in range(size[1]):
        for k in range(size[2]):
            a[i, j, k] = value(i, j, k)

axes = []
for n, s, t in zip(size, spacing, new_spacing):
    nb = math.ceil(n * s / t)
    step = t / s
    first = 0.5 * (n - 1 - step * (nb - 1))
    axes.append(first + step * np.arange(nb))
grid = np.meshgrid(*axes, indexing="ij")

with open("Fixtures/interpolation/ibsi_grid_scipy.txt", "w") as f:
    for order in (1, 3):
        out = ndimage.map_coordinates(a, grid, order=order, mode="nearest", prefilter=True)
        f.write("order %d %d %d %d\n" % ((order,) + out.shape))
        for v in out.flatten(order="F"):
            f.write("%.10f\n" % v)
