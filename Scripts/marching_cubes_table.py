#!/usr/bin/env python3
"""Prints the classic marching-cubes triangle table (Lorensen & Cline 1987, in the widely
published form of P. Bourke / C. Bloyd, public domain) as the string literal used by
Sources/Radiomics/Features/MarchingCubesTable.swift.

The table is read from scikit-image's copy (`skimage.measure._marching_cubes_lewiner_luts.
CASESCLASSIC`), which is what skimage's `marching_cubes(method="lorensen")` uses; IBSI teams
computed the reference mesh features with skimage's marching cubes.

Corners (x, y, z): v0 (0,0,0) v1 (1,0,0) v2 (1,1,0) v3 (0,1,0) v4 (0,0,1) v5 (1,0,1) v6 (1,1,1)
v7 (0,1,1); case bit n set = corner vn inside. Edges: 0 v0v1, 1 v1v2, 2 v2v3, 3 v3v0, 4 v4v5,
5 v5v6, 6 v6v7, 7 v7v4, 8 v0v4, 9 v1v5, 10 v2v6, 11 v3v7. Each case is written as the hex
digits of its edge triples ("." for no triangle), 8 cases per line.
"""
import base64
import numpy as np
from skimage.measure import _marching_cubes_lewiner_luts as luts

shape, text = luts.CASESCLASSIC
table = np.frombuffer(base64.decodebytes(text.encode()), dtype=np.int8).reshape(shape)
cases = []
for row in table:
    edges = [int(e) for e in row if e >= 0]
    cases.append("".join(format(e, "x") for e in edges) or ".")
for start in range(0, 256, 8):
    print("        " + " ".join(cases[start:start + 8]))
