#!/usr/bin/env python3
"""pyradiomics side of `make bench`: the same work as `radiomics extract` on the same files.

usage: bench_pyradiomics.py IMAGE MASK CONFIG.yaml [--voxel]

CONFIG is a pyradiomics parameter file (Scripts/bench-config-a.yaml, -b.yaml). Prints the number
of feature values computed (diagnostics excluded), so a silently empty run cannot pass as fast.
--voxel: the voxel-based extraction (`radiomics map`'s work; Scripts/bench-config-maps.yaml),
counting the feature maps.
"""
import logging
import sys

import radiomics
from radiomics import featureextractor


def main() -> int:
    voxel = sys.argv[4:] == ["--voxel"]
    if len(sys.argv) != 4 and not voxel:
        print(__doc__, file=sys.stderr)
        return 64
    image, mask, config = sys.argv[1:4]
    radiomics.setVerbosity(logging.ERROR)
    extractor = featureextractor.RadiomicsFeatureExtractor(config)
    result = extractor.execute(image, mask, voxelBased=voxel)
    values = [k for k in result if not k.startswith("diagnostics_")]
    print(f"{len(values)} features")
    return 0 if values else 1


if __name__ == "__main__":
    sys.exit(main())
