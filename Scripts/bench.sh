#!/bin/sh
# Times the whole IBSI 1 configuration A extraction (NIfTI CT phantom, every family the build
# registers) with the release binary: 5 runs, prints each wall time and the best.
# Usage: Scripts/bench.sh [binary]   (make bench builds the release binary first)
set -e
BIN=${1:-.build/release/radiomics}
CT=Fixtures/ibsi/ibsi1/ct_phantom/nifti
best=""
for run in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$BIN" extract "$CT/image/phantom.nii.gz" "$CT/mask/mask.nii.gz" --preset ibsi1-config-a --format long > /dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  echo "ibsi1-config-a run $run: ${t} s"
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
echo "ibsi1-config-a best of 5: ${best} s ($(nproc) cores)"
