#!/usr/bin/env python3
"""Start-up cost of ITK: a small extraction (IBSI digital phantom) run alternately as it is and
with the ITK shim and its libraries preloaded (LD_PRELOAD), i.e. as if the main binary linked
them. Wall time and CPU time (user + sys, from wait4) per run; medians over N alternating runs.

    python3 Scripts/measure_itk_startup.py .build/release/radiomics .build/release/libCITK.so 40
"""
import subprocess, time, os, statistics, sys
binary = sys.argv[1]; preload = sys.argv[2]; n = int(sys.argv[3])
args = [binary, "extract", "Fixtures/ibsi/ibsi1/digital_phantom/nifti/image/phantom.nii.gz", "Fixtures/ibsi/ibsi1/digital_phantom/nifti/mask/mask.nii.gz", "--format", "long"]
env0 = dict(os.environ); env1 = dict(os.environ, LD_PRELOAD=preload)
res = {0: ([], []), 1: ([], [])}
for i in range(n):
    for k, env in ((0, env0), (1, env1)):
        t = time.perf_counter()
        p = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        res[k][0].append(time.perf_counter() - t); res[k][1].append(ru.ru_utime + ru.ru_stime)
for k, name in ((0, "without ITK"), (1, "with libCITK+ITK loaded")):
    w, c = res[k]
    print(f"{name}: wall median {statistics.median(w)*1000:.1f} ms (min {min(w)*1000:.1f}), CPU median {statistics.median(c)*1000:.1f} ms (min {min(c)*1000:.1f})")
