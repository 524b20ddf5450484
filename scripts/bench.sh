#!/usr/bin/env bash
# Speed and memory of `soundtrack` against ffmpeg's own CLI doing the work nobody can skip
# (reading the intra frames, copying the streams, encoding an AAC track), measured in one run on
# the same files. Reports times real time, the ratio to the baseline, and peak memory on a
# 2-minute and a 10-minute video, to show memory does not grow with length.
#
#   scripts/bench.sh [SOURCE.mp4]    (default: ../shared/media/trailer_bbb.mp4, looped)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
source_video=${1:-../shared/media/trailer_bbb.mp4}
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
[ -f "$source_video" ] || { echo "no source video at $source_video" >&2; exit 1; }

# Loop the source (stream copy, so its real picture content is kept) to the lengths we need.
make_long() { ffmpeg -v error -y -stream_loop -1 -i "$source_video" -c copy -t "$1" "$2"; }
make_long 120 "$work/2min.mp4"
make_long 600 "$work/10min.mp4"

# Runs a command and prints "SECONDS PEAK_KB".
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
        cat "$work/stderr" >&2; return 1; }
    cat "$work/time"
}

printf '%-10s %-34s %9s %10s %10s\n' video run seconds "x real" "peak MB"
for name in 2min 10min; do
    video="$work/$name.mp4"
    duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")
    read -r intra_s intra_kb < <(measure ffmpeg -v error -threads 2 -skip_frame nointra -i "$video" -f null -)
    read -r mux_s mux_kb < <(measure ffmpeg -v error -y -i "$video" -map 0 -c copy -map 0:a:0 -c:a:1 aac -b:a 192k "$work/ffmpeg.mp4")
    read -r st_s st_kb < <(measure "$bin" -q "$video" -o "$work/out-$name.mp4" --report "$work/report-$name.json")
    base_s=$(echo "$intra_s + $mux_s" | bc -l)
    base_kb=$(( intra_kb > mux_kb ? intra_kb : mux_kb ))
    for row in "ffmpeg intra-frame decode:$intra_s:$intra_kb" "ffmpeg copy + AAC encode:$mux_s:$mux_kb" \
               "baseline (sum of the two):$base_s:$base_kb" "soundtrack (everything):$st_s:$st_kb"; do
        IFS=: read -r label seconds kb <<<"$row"
        printf '%-10s %-34s %9.2f %10.1f %10.1f\n' "$name" "$label" "$seconds" \
            "$(echo "$duration / $seconds" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
    done
    printf '%-10s %-34s %9.2f\n' "$name" "soundtrack / baseline time" "$(echo "$st_s / $base_s" | bc -l)"
    python3 - "$work/report-$name.json" <<'PY'
import json, sys
timings = json.load(open(sys.argv[1]))["timings"]
print("           stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
PY
    rm -f "$work/ffmpeg.mp4"
done
