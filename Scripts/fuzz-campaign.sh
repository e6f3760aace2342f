#!/usr/bin/env bash
# `make fuzz-campaign`: the long libFuzzer campaign (not CI). Each harness, built in release mode
# with -sanitize=fuzzer only (see the Makefile), first replays its committed regressions, then
# runs FUZZ_RUNS executions (or until FUZZ_MAX_SECONDS) from its seeds and its campaign corpus.
# Per harness it prints and records executions, seconds, executions/s and findings (crash-,
# timeout-, oom-, slow-unit- inputs under $DIR/artifacts/) in $DIR/results.tsv.
#
# Environment (set by the Makefile): FUZZ_HARNESSES (in run order), FUZZ_RUNS, FUZZ_MAX_SECONDS
# (0: no limit), FUZZ_PARALLEL (harnesses run at once; libFuzzer's own -jobs/-fork start children
# through system(), which the harnesses forbid), FUZZ_NICE, BIN (the build's bin folder), DIR.
set -u
DIR=${DIR:-.build-fuzz-campaign}
BIN=${BIN:-.build-fuzz-release/release}
FUZZ_RUNS=${FUZZ_RUNS:-10000000}
FUZZ_MAX_SECONDS=${FUZZ_MAX_SECONDS:-0}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
FUZZ_NICE=${FUZZ_NICE:-nice -n 19}
MODE="release, -sanitize=fuzzer (no ASan)"
mkdir -p "$DIR/artifacts" "$DIR/logs"

# The regression-file prefix of a harness (Fixtures/fuzz/regressions/<prefix>_*), as `make fuzz`.
prefix() { case $1 in DICOMSeries) echo dicom_series;; RTStruct) echo rtstruct;; *) echo "$1" | tr A-Z a-z;; esac; }

# -max_len: a little above the largest seed of each input kind.
max_len() { case $1 in DICOMSeries|DICOMSeg) echo 16384;; Config|RTStruct) echo 8192;; *) echo 4096;; esac; }

one() {
    local h=$1 p log start end runs secs rate status findings regressions
    p=$(prefix "$h")
    regressions=$(ls Fixtures/fuzz/regressions/"${p}"_* 2>/dev/null)
    if [ -n "$regressions" ]; then
        # shellcheck disable=SC2086
        SWIFT_BACKTRACE=enable=no "$BIN/Fuzz$h" $regressions -timeout=20 -rss_limit_mb=2048 \
            > "$DIR/logs/$h.regressions.log" 2>&1 \
            || { echo "fuzz-campaign $h: a regression input fails (see $DIR/logs/$h.regressions.log)"; \
                 printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" 0 0 0 "regression fails" "$(date -u +%F)" "$MODE" > "$DIR/logs/$h.result"; return; }
    fi
    mkdir -p "$DIR/corpus/$h"
    log="$DIR/logs/$h.log"
    start=$(date +%s.%N)
    SWIFT_BACKTRACE=enable=no $FUZZ_NICE "$BIN/Fuzz$h" "$DIR/corpus/$h" "Fixtures/fuzz/$h" \
        -runs="$FUZZ_RUNS" -max_total_time="$FUZZ_MAX_SECONDS" -max_len="$(max_len "$h")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -reload=0 \
        -artifact_prefix="$DIR/artifacts/$h-" > "$log" 2>&1
    status=$?
    end=$(date +%s.%N)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
    rate=$(awk -v r="${runs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
    findings=$(ls "$DIR/artifacts/" 2>/dev/null | grep -c "^$h-")
    [ "$status" = 0 ] || [ "$findings" -gt 0 ] || findings="exit $status"
    echo "fuzz-campaign $h: $(echo "$regressions" | wc -w) regressions replayed, ${runs:-?} executions in $secs s ($rate/s), findings: $findings"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "${runs:-0}" "$secs" "$rate" "$findings" "$(date -u +%F)" "$MODE" > "$DIR/logs/$h.result"
}
export -f one prefix max_len
export DIR BIN FUZZ_RUNS FUZZ_MAX_SECONDS FUZZ_NICE MODE

# shellcheck disable=SC2086
printf '%s\n' $FUZZ_HARNESSES | xargs -P "$FUZZ_PARALLEL" -I{} bash -c 'one {}'

{
    printf 'harness\texecutions\tseconds\texec_per_s\tfindings\tdate\tbuild\n'
    for h in $FUZZ_HARNESSES; do cat "$DIR/logs/$h.result" 2>/dev/null; done
} > "$DIR/results.tsv"
echo "fuzz-campaign: results in $DIR/results.tsv"
column -t -s "$(printf '\t')" "$DIR/results.tsv"
! awk -F'\t' 'NR > 1 && $5 != "0" { bad = 1 } END { exit !bad }' "$DIR/results.tsv"
