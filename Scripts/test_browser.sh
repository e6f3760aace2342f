#!/bin/sh
# make test-browser: renders a `radiomics report` page in headless Chromium (Debian's `chromium`,
# installed when missing) and checks that it loads, logs no console error and paints a page
# that is not blank. The page comes from a real batch over the IBSI phantoms (with QC pictures
# and a failing case), built by the debug binary. Prints the seconds each step took.
set -eu
BIN=${BIN:-.build/debug/radiomics}
OUT=${OUT:-.build/test-browser}
FIX=Fixtures/ibsi/ibsi1
start=$(date +%s.%N); first=$start
lap() { now=$(date +%s.%N); awk -v a="$start" -v b="$now" -v s="$1" 'BEGIN { printf "test-browser: %-28s %6.1f s\n", s, b - a }'; start=$now; }
fail() { echo "test-browser: FAIL: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
command -v chromium >/dev/null 2>&1 || fail "chromium is not installed"
lap "chromium present"

[ -x "$BIN" ] || fail "$BIN is missing (swift build first)"
rm -rf "$OUT" && mkdir -p "$OUT"
cc -O2 -o "$OUT/png_colours" Scripts/png_colours.c -lz
cat > "$OUT/cases.csv" <<CSV
ID,Image,Mask
digital-1,$PWD/$FIX/digital_phantom/nifti/image/phantom.nii.gz,$PWD/$FIX/digital_phantom/nifti/mask/mask.nii.gz
ct-1,$PWD/$FIX/ct_phantom/nifti/image/phantom.nii.gz,$PWD/$FIX/ct_phantom/nifti/mask/mask.nii.gz
broken,$PWD/$FIX/digital_phantom/nifti/image/phantom.nii.gz,$PWD/$OUT/missing-mask.nii.gz
digital-2,$PWD/$FIX/digital_phantom/nifti/image/phantom.nii.gz,$PWD/$FIX/digital_phantom/nifti/mask/mask.nii.gz
CSV
printf 'features:\n  families: [diagnostics, morphology, statistics, intensity-histogram, glcm]\n' > "$OUT/settings.yaml"
status=0; "$BIN" batch "$OUT/cases.csv" --config "$OUT/settings.yaml" -o "$OUT/features.csv" --qc "$OUT/qc" -q || status=$?
[ "$status" = 3 ] || fail "batch exited $status (expected 3: one broken case)"
"$BIN" report "$OUT/features.csv" --qc "$OUT/qc" -o "$OUT/report.html"
lap "batch + report written"

CHROME="chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0"
# A missing resource would be fetched from file:// or the network: block the network outright.
$CHROME --dump-dom --host-resolver-rules="MAP * ~NOTFOUND" "file://$PWD/$OUT/report.html" > "$OUT/dom.html" 2> "$OUT/dom.log" \
  || fail "chromium --dump-dom failed (see $OUT/dom.log)"
grep -q '<h1>Feature report</h1>' "$OUT/dom.html" || fail "the page did not load (no heading in the DOM)"
grep -q 'id="qc"' "$OUT/dom.html" || fail "the QC section is missing from the DOM"
$CHROME --screenshot="$OUT/screenshot.png" --window-size=1280,1600 "file://$PWD/$OUT/report.html" 2> "$OUT/screenshot.log" \
  || fail "chromium --screenshot failed (see $OUT/screenshot.log)"
lap "rendered (DOM + screenshot)"

# Console messages are logged as CONSOLE(...) lines; failed loads as net::ERR_*.
if grep -hE 'CONSOLE|Uncaught|net::ERR_|Failed to load' "$OUT/dom.log" "$OUT/screenshot.log"; then
  fail "console errors above"
fi
set -- $("$OUT/png_colours" "$OUT/screenshot.png")
[ "$1" = 1280 ] && [ "$2" = 1600 ] || fail "screenshot is $1×$2, not 1280×1600"
[ "$3" -ge 16 ] || fail "screenshot looks blank ($3 distinct colours)"
lap "checked ($3 colours)"
start=$first; lap "PASS, total"
echo "test-browser: $OUT/report.html, $OUT/screenshot.png"
