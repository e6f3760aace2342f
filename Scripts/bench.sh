#!/usr/bin/env bash
# `make bench`: whole-process wall time and peak RSS of `radiomics extract` on synthetic CT
# cases, side by side with pyradiomics when a venv with pyradiomics-bhklab can be made.
#
# Environment knobs:
#   BENCH_RUNS=5          runs per radiomics row (median wall time, largest peak RSS)
#   BENCH_PY_RUNS=1       runs per pyradiomics row (it takes minutes on the large case)
#   BENCH_CASES="small medium large"
#   BENCH_SEED=20261122   the generator seed (data regenerated when it changes)
#   BENCH_PYRADIOMICS=0   skip pyradiomics
#   BENCH_MAPS_CASE="IMAGE MASK"  an extra voxel-maps row on that case
#   RADIOMICS_THREADS     passed through to radiomics (default: all cores)
# Output: the Markdown table on stdout and in bench-data/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-5}
PY_RUNS=${BENCH_PY_RUNS:-1}
CASES=${BENCH_CASES:-"small medium large"}
SEED=${BENCH_SEED:-20261122}
OUT=bench-data
BIN=.build/release/radiomics
GEN=.build/release/bench-data
CONFIG_A=Scripts/bench-config-a.yaml
CONFIG_B=Scripts/bench-config-b.yaml            # pyradiomics schema (pyradiomics runs it)
CONFIG_B_OURS=Scripts/bench-config-b-radiomics.yaml   # the same work in radiomics' schema
CONFIG_MAPS=Scripts/bench-config-maps.yaml      # voxel maps, pyradiomics schema (both read it)
VENV=$OUT/venv
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "bench: $TIME is missing (make bench-deps installs the 'time' package)" >&2; exit 69; }
mkdir -p "$OUT"
swift build -c release --product bench-data
[ -x "$BIN" ] || swift build -c release --product radiomics

# --- data: deterministic from the seed, generated once -------------------------------------
if [ "$(cat "$OUT/.seed" 2>/dev/null || true)" != "$SEED" ] || [ ! -f "$OUT/large/mask.nii.gz" ]; then
  echo "== generating the benchmark volumes (seed $SEED)"
  rm -f "$OUT/.seed"
  "$GEN" generate "$OUT" --seed "$SEED"
  echo "$SEED" > "$OUT/.seed"
fi

# --- pyradiomics venv (optional) ------------------------------------------------------------
PY=""
if [ "${BENCH_PYRADIOMICS:-1}" != 0 ]; then
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import radiomics, SimpleITK" 2>/dev/null; then
    echo "== creating $VENV with pyradiomics-bhklab 3.1.4"
    rm -rf "$VENV"
    if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pyradiomics-bhklab==3.1.4 SimpleITK; }; then
      echo "bench: could not create the pyradiomics venv; pyradiomics columns will be empty" >&2
      rm -rf "$VENV"
    fi
  fi
  [ -x "$VENV/bin/python" ] && PY="$VENV/bin/python"
fi

# --- (b) needs `radiomics extract --config` ---------------------------------------------------
CONFIG_B_OK=1
# The help captured first: `grep -q` quits at its first match, the writer then dies of SIGPIPE
# and, under pipefail, the test failed (a radiomics with --config reported as one without).
extract_help=$("$BIN" extract --help 2>&1 || true)
if [[ "$extract_help" != *--config* ]]; then
  CONFIG_B_OK=0
  SKIP_B="radiomics extract has no --config option yet"
elif ! err=$("$BIN" extract "$OUT/small/image.nii.gz" "$OUT/small/mask.nii.gz" --config "$CONFIG_B_OURS" 2>&1 >/dev/null); then
  CONFIG_B_OK=0
  SKIP_B="radiomics extract --config $CONFIG_B_OURS fails: $(echo "$err" | head -1)"
fi
[ "$CONFIG_B_OK" = 1 ] || echo "bench: skipping work (b) for radiomics: $SKIP_B" >&2

# measure RUNS CMD...: prints "median_wall_s max_peak_rss_MB", or "fail" (stderr kept in $OUT/last.err).
measure() {
  local runs=$1; shift
  local walls=() rss=() w m
  for _ in $(seq "$runs"); do
    if ! "$TIME" -f "%e %M" -o "$OUT/last.time" "$@" > "$OUT/last.out" 2> "$OUT/last.err"; then
      echo fail; return 0
    fi
    read -r w m < <(tail -1 "$OUT/last.time")
    walls+=("$w"); rss+=("$m")
  done
  local med
  med=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "$med $(printf '%s\n' "${rss[@]}" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')"
}

fmt() { [ "$1" = fail ] || [ "$1" = "-" ] && echo "$1" || printf '%.2f' "$1"; }

rows=()
row() { # case work ours(wall rss|fail|-) py(wall rss|fail|-) radiomics-features pyradiomics-features
  local c=$1 work=$2 ours=$3 py=$4 nfeat=$5 npy=$6 ow orss pw prss ratio
  read -r ow orss <<< "$ours"; read -r pw prss <<< "$py"
  orss=${orss:--}; prss=${prss:--}
  ratio="-"
  if [[ "$ow" =~ ^[0-9.]+$ && "$pw" =~ ^[0-9.]+$ ]]; then ratio=$(awk -v a="$pw" -v b="$ow" 'BEGIN {printf "%.1f×", (b > 0 ? a / b : 0)}'); fi
  rows+=("| $c | $work | $nfeat / $npy | $(fmt "$ow") | $orss | $(fmt "$pw") | $prss | $ratio |")
}

for c in $CASES; do
  img="$OUT/$c/image.nii.gz"; msk="$OUT/$c/mask.nii.gz"
  echo "== $c: (a) original image, all families"
  ours=$(measure "$RUNS" "$BIN" extract "$img" "$msk" --format long)
  nf=$([ "$ours" = fail ] && echo "-" || tail -n +2 "$OUT/last.out" | awk -F, '{print $(NF-1)}' | grep -vEc '_(init|interp|reseg)_(img|roi)$' || true)
  [ "$ours" = fail ] && echo "bench: radiomics failed on $c (a): $(head -1 "$OUT/last.err")" >&2
  py="-"; npy="-"
  if [ -n "$PY" ]; then
    py=$(measure "$PY_RUNS" "$PY" Scripts/bench_pyradiomics.py "$img" "$msk" "$CONFIG_A")
    if [ "$py" = fail ]; then echo "bench: pyradiomics failed on $c (a): $(tail -1 "$OUT/last.err")" >&2; else npy=$(awk '{print $1}' "$OUT/last.out"); fi
  fi
  row "$c" "(a) original" "$ours" "$py" "$nf" "$npy"

  echo "== $c: (b) original + LoG σ 1,2,3 mm + 8 wavelet bands, all families"
  ours="-"; nf="-"
  if [ "$CONFIG_B_OK" = 1 ]; then
    ours=$(measure "$RUNS" "$BIN" extract "$img" "$msk" --config "$CONFIG_B_OURS" --format long)
    nf=$([ "$ours" = fail ] && echo "-" || tail -n +2 "$OUT/last.out" | awk -F, '{print $(NF-1)}' | grep -vEc '_(init|interp|reseg)_(img|roi)$' || true)
  fi
  py="-"; npy="-"
  if [ -n "$PY" ]; then
    py=$(measure "$PY_RUNS" "$PY" Scripts/bench_pyradiomics.py "$img" "$msk" "$CONFIG_B")
    if [ "$py" = fail ]; then echo "bench: pyradiomics failed on $c (b): $(tail -1 "$OUT/last.err")" >&2; else npy=$(awk '{print $1}' "$OUT/last.out"); fi
  fi
  row "$c" "(b) original + LoG ×3 + wavelet ×8" "$ours" "$py" "$nf" "$npy"
  ibsi_b=$ours

  # The same work in pyradiomics mode: the very parameter file pyradiomics reads, pyradiomics'
  # definitions and columns (pyradiomics' own time is the row above's).
  echo "== $c: (b) in pyradiomics mode (--config $CONFIG_B)"
  ours="-"; nf="-"
  if [ "$CONFIG_B_OK" = 1 ]; then
    ours=$(measure "$RUNS" "$BIN" extract "$img" "$msk" --config "$CONFIG_B" --format long)
    nf=$([ "$ours" = fail ] && echo "-" || tail -n +2 "$OUT/last.out" | awk -F, '{print $(NF-1)}' | grep -vc '^diagnostics_' || true)
    [ "$ours" = fail ] && echo "bench: radiomics failed on $c (b, pyradiomics mode): $(head -1 "$OUT/last.err")" >&2
  fi
  # Against the IBSI mode's (b) on the same work (issue 13's target: at most 1.2× in time and memory).
  versus=""
  read -r iw irss <<< "$ibsi_b"; read -r pw2 prss2 <<< "$ours"
  if [[ "$iw" =~ ^[0-9.]+$ && "$pw2" =~ ^[0-9.]+$ && "$irss" =~ ^[0-9]+$ && "$prss2" =~ ^[0-9]+$ ]]; then
    versus=$(awk -v a="$pw2" -v b="$iw" -v m="$prss2" -v n="$irss" 'BEGIN {printf " (%.2f× the IBSI mode'"'"'s time, %.2f× its RSS)", (b > 0 ? a / b : 0), (n > 0 ? m / n : 0)}')
  fi
  row "$c" "(b) in pyradiomics mode$versus" "$ours" "$py" "$nf" "$npy"
done

# --- voxel maps: pyradiomics' voxel-based extraction on the small case (~2,500 ROI voxels) ----
# `radiomics map --config` and pyradiomics read the same parameter file (kernel radius 2, masked
# kernel; first-order, GLCM, GLRLM, GLSZM, NGTDM, GLDM: 93 maps). BENCH_MAPS_CASE="IMAGE MASK"
# adds a row on that case (e.g. pyradiomics' brain1_image.nrrd brain1_label.nrrd, the issue's).
maps_row() {   # maps_row LABEL IMAGE MASK
  local label=$1 img=$2 msk=$3 ours nf py npy
  echo "== $label: voxel maps (--config $CONFIG_MAPS)"
  rm -rf "$OUT/maps"
  ours=$(measure "$RUNS" "$BIN" map "$img" "$msk" --config "$CONFIG_MAPS" -o "$OUT/maps")
  [ "$ours" = fail ] && echo "bench: radiomics map failed on $label: $(head -1 "$OUT/last.err")" >&2
  nf=$([ "$ours" = fail ] && echo "-" || find "$OUT/maps" -name '*.nii.gz' | wc -l)
  py="-"; npy="-"
  if [ -n "$PY" ]; then
    py=$(measure "$PY_RUNS" "$PY" Scripts/bench_pyradiomics.py "$img" "$msk" "$CONFIG_MAPS" --voxel)
    if [ "$py" = fail ]; then echo "bench: pyradiomics voxel-based failed on $label: $(tail -1 "$OUT/last.err")" >&2; else npy=$(awk '{print $1}' "$OUT/last.out"); fi
  fi
  row "$label" "voxel maps, kernel radius 2 (pyradiomics mode)" "$ours" "$py" "$nf" "$npy"
}
if [[ " $CASES " == *" small "* ]]; then maps_row small "$OUT/small/image.nii.gz" "$OUT/small/mask.nii.gz"; fi
if [ -n "${BENCH_MAPS_CASE:-}" ]; then
  read -r maps_img maps_msk <<< "$BENCH_MAPS_CASE"
  maps_row "$(basename "$maps_img")" "$maps_img" "$maps_msk"
fi

# --- IBSI 2 phase 2 8.B: Simoncelli level 1 on the IBSI CT phantom resampled to 1 mm (FFT) ---
PHANTOM=Fixtures/ibsi/ibsi1/ct_phantom/nifti
if [ -f "$PHANTOM/image/phantom.nii.gz" ]; then
  echo "== IBSI 2 phase 2 8.B (--preset ibsi2-phase2-8.B)"
  ours=$(measure "$RUNS" "$BIN" extract "$PHANTOM/image/phantom.nii.gz" "$PHANTOM/mask/mask.nii.gz" --preset ibsi2-phase2-8.B --format long)
  [ "$ours" = fail ] && echo "bench: radiomics failed on 8.B: $(head -1 "$OUT/last.err")" >&2
  nf=$([ "$ours" = fail ] && echo "-" || tail -n +2 "$OUT/last.out" | grep -c 'stat_' || true)
  row "IBSI CT phantom" "IBSI 2 phase 2 8.B (Simoncelli, 1 mm grid)" "$ours" "-" "$nf" "-"
  "$BIN" extract "$PHANTOM/image/phantom.nii.gz" "$PHANTOM/mask/mask.nii.gz" --preset ibsi2-phase2-8.B -v \
    2> "$OUT/8B.stages" > /dev/null || true
fi

# --- batch: 10 small + 10 medium cases, work (a), at --jobs 1, 2 and auto -----------------------
# The same table whatever --jobs is (checked); auto should never be slower than --jobs 1.
batch_rows=()
echo "ID,Image,Mask" > "$OUT/batch.csv"
for i in $(seq -w 1 10); do
  echo "small-$i,small/image.nii.gz,small/mask.nii.gz" >> "$OUT/batch.csv"
  echo "medium-$i,medium/image.nii.gz,medium/mask.nii.gz" >> "$OUT/batch.csv"
done
for j in 1 2 auto; do
  echo "== batch: 20 cases (10 small, 10 medium), (a) original, --jobs $j"
  b=$(measure "$RUNS" "$BIN" batch "$OUT/batch.csv" -o "$OUT/batch-$j.csv" --jobs "$j")
  if [ "$b" = fail ]; then
    echo "bench: radiomics batch --jobs $j failed: $(head -1 "$OUT/last.err")" >&2
    batch_rows+=("| $j | fail | - | - | - |")
    continue
  fi
  read -r bw brss <<< "$b"
  plan=$(sed -n 's/.*; \([0-9]* jobs × [0-9]* threads\).*/\1/p' "$OUT/last.err" | tail -1)
  batch_rows+=("| $j | ${plan:--} | $(fmt "$bw") | $(awk -v w="$bw" 'BEGIN {printf "%.1f", (w > 0 ? 20 / w : 0)}') | $brss |")
done
for j in 2 auto; do
  cmp -s "$OUT/batch-1.csv" "$OUT/batch-$j.csv" || echo "bench: batch --jobs $j wrote another table than --jobs 1" >&2
done

# --- the floor: reading the .nii.gz files alone -----------------------------------------------
floor=()
for c in $CASES; do
  floor+=("$("$GEN" --decode "$OUT/$c/image.nii.gz" --runs "$RUNS")")
done

last_case=${CASES##* }
profile=$("$GEN" --profile "$OUT/$last_case/image.nii.gz" "$OUT/$last_case/mask.nii.gz" --runs "$RUNS")
profile_b=""
[ "$CONFIG_B_OK" = 1 ] && profile_b=$("$GEN" --profile "$OUT/$last_case/image.nii.gz" "$OUT/$last_case/mask.nii.gz" --config "$CONFIG_B_OURS" --runs "$RUNS")
# (b) in pyradiomics mode: the stage line of `radiomics extract -v` (one whole-process run).
profile_py=""
[ "$CONFIG_B_OK" = 1 ] && profile_py=$("$BIN" extract "$OUT/$last_case/image.nii.gz" "$OUT/$last_case/mask.nii.gz" --config "$CONFIG_B" -v -o /dev/null 2>&1 >/dev/null | grep '^stages' || true)

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
ram=$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "### Benchmark ($(date -u +%Y-%m-%d))"
  echo
  echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, $ram RAM, $(. /etc/os-release && echo "$PRETTY_NAME"); $(swift --version 2>/dev/null | head -1 | sed 's/ (.*//')."
  echo "Load average when the table was written: $load (other processes share the cores)."
  echo "Command: \`make bench\` (radiomics: median of $RUNS runs, threads: ${RADIOMICS_THREADS:-all cores}; pyradiomics-bhklab 3.1.4: median of $PY_RUNS; peak RSS: the largest of the runs)."
  echo "Cases: one synthetic thorax CT (int16 .nii.gz, seed $SEED) with a 100 cm³ spherical ROI, at three resolutions:"
  echo "small 128×128×75 at 2.8×2.8×5 mm, medium 256×256×150 at 1.4×1.4×2.5 mm, large 512×512×300 at 0.7×0.7×1.25 mm."
  [ "$CONFIG_B_OK" = 1 ] || echo "Work (b) skipped for radiomics: $SKIP_B."
  [ -n "$PY" ] || echo "pyradiomics not run (no venv)."
  echo
  echo "| case | work | features, diagnostics excluded (radiomics / pyradiomics) | radiomics wall (s) | radiomics peak RSS (MB) | pyradiomics wall (s) | pyradiomics peak RSS (MB) | speed-up |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Batch (\`radiomics batch\`, 20 cases: 10 small + 10 medium, work (a), whole process, median of $RUNS runs; threads per case: cores ÷ jobs${RADIOMICS_THREADS:+, but RADIOMICS_THREADS=$RADIOMICS_THREADS}):"
  echo
  echo "| --jobs | jobs × threads | wall (s) | cases/s | peak RSS (MB) |"
  echo "|---|---|---:|---:|---:|"
  printf '%s\n' "${batch_rows[@]}"
  echo
  echo "Decode floor (reading the image alone, \`bench-data --decode FILE\`):"
  echo
  echo '```'
  printf '%s\n' "${floor[@]}"
  echo '```'
  echo
  echo "Stages of works (a) and (b) in-process (\`bench-data --profile IMAGE MASK [--config FILE]\`; the runs of one case go in parallel, so the stage seconds can add up to more than the wall time):"
  echo
  echo '```'
  echo "$profile"
  [ -z "$profile_b" ] || { echo; echo "$profile_b"; }
  echo '```'
  if [ -n "$profile_py" ]; then
    echo
    echo "Stages of (b) in pyradiomics mode on the $last_case case (\`radiomics extract --config $CONFIG_B -v\`, one run):"
    echo
    echo '```'
    echo "$profile_py"
    echo '```'
  fi
  if [ -s "$OUT/8B.stages" ]; then
    echo
    echo "Stages of IBSI 2 phase 2 8.B (\`radiomics extract --preset ibsi2-phase2-8.B -v\`, one run):"
    echo
    echo '```'
    cat "$OUT/8B.stages"
    echo '```'
  fi
} | tee "$OUT/results.md"
