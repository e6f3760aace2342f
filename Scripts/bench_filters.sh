#!/bin/sh
# Filter benchmark: time and peak memory (GNU time -v) of
#  1. the 33 IBSI 2 phase 1 response maps (one `radiomics filter --preset` per test), and
#  2. pyradiomics LoG σ 1, 2, 3 mm + the 8 coif1 wavelet bands on the IBSI 1 CT phantom,
#     on the whole image, and on the ROI box plus the kernel support (--crop-to).
# Usage: swift build -c release --product radiomics && Scripts/bench_filters.sh
set -e
BIN=${BIN:-.build/release/radiomics}
P=Fixtures/ibsi/ibsi2/digital_phantoms/nifti
CT=Fixtures/ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz
MASK=Fixtures/ibsi/ibsi1/ct_phantom/nifti/mask/mask.nii.gz
OUT=${OUT:-.build/filter-bench}; mkdir -p "$OUT"
export BIN OUT

case "$1" in
phase1|ct) rm -rf "$OUT/$1"; mkdir -p "$OUT/$1" ;;   # fresh outputs (no overwrite)
esac

case "$1" in
phase1)
    for f in Fixtures/ibsi/reference_values/ibsi2/phase1_response_maps/*-ValidCRM.nii; do
        id=$(basename "$f" -ValidCRM.nii | tr _ .)
        ph=$("$BIN" filter --list | awk -F'\t' -v id="ibsi2-$id" '$1 == id { print $2 }')
        "$BIN" filter "$P/$ph/image/$ph.nii.gz" --preset "ibsi2-$id" -o "$OUT/phase1/$id.nii"
    done ;;
ct)
    shift
    for s in 1 2 3; do "$BIN" filter "$CT" --filter pyradiomics-log --sigma $s "$@" -o "$OUT/ct/log$s.nii"; done
    for b in LLL LLH LHL LHH HLL HLH HHL HHH; do
        "$BIN" filter "$CT" --filter pyradiomics-wavelet --wavelet coif1 --band $b "$@" -o "$OUT/ct/w$b.nii"
    done ;;
*)
    fmt="%e s wall, %U s user, peak RSS %M KB"
    echo "33 phase 1 maps:              $( { /usr/bin/time -f "$fmt" "$0" phase1 >/dev/null; } 2>&1 )"
    echo "CT LoG 1,2,3 + 8 wavelet:     $( { /usr/bin/time -f "$fmt" "$0" ct >/dev/null; } 2>&1 )"
    echo "same, cropped to ROI box:     $( { /usr/bin/time -f "$fmt" "$0" ct --crop-to "$MASK" >/dev/null; } 2>&1 )"
    ;;
esac
