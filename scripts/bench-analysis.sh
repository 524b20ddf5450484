#!/usr/bin/env bash
# Speed of `soundtrack analyze` against PySceneDetect 0.7's `detect-adaptive`, measured in one
# run on the same 720p H.264 file, plus times real time on 720p and 1080p and peak memory.
#
#   scripts/bench-analysis.sh [SOURCE.mp4]   (default: ../shared/media/trailer_bbb.mp4, looped)
#
# PySceneDetect comes from a venv outside the repository: set SCENEDETECT to its `scenedetect`
# command, or the script makes one at ${SCENEDETECT_VENV:-$HOME/.cache/soundtrack-scenedetect-venv}.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
source_video=${1:-../shared/media/trailer_bbb.mp4}
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench-analysis.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }

scenedetect=${SCENEDETECT:-}
if [ -z "$scenedetect" ]; then
    venv=${SCENEDETECT_VENV:-$HOME/.cache/soundtrack-scenedetect-venv}
    if [ ! -x "$venv/bin/scenedetect" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q "scenedetect>=0.7,<0.8" opencv-python-headless
    fi
    scenedetect=$venv/bin/scenedetect
fi

ffmpeg -v error -y -stream_loop -1 -i "$source_video" -c copy -t 600 "$work/720p-10min.mp4"
ffmpeg -v error -y -stream_loop -1 -i "$source_video" -c copy -t 120 "$work/720p-2min.mp4"
ffmpeg -v error -y -stream_loop -1 -i "$source_video" -t 120 -vf scale=1920:1080 -c:v libx264 -preset veryfast \
    -c:a copy "$work/1080p-2min.mp4"

# Runs a command and prints "SECONDS PEAK_KB".
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || {
        cat "$work/stderr" >&2; return 1; }
    cat "$work/time"
}
cuts_of_analysis() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cuts"]))' "$1"; }

printf '%-14s %-30s %9s %9s %9s %6s\n' video run seconds "x real" "peak MB" cuts
row() { printf '%-14s %-30s %9.2f %9.1f %9.1f %6s\n' "$1" "$2" "$3" "$(echo "$4 / $3" | bc -l)" "$(echo "$5 / 1024" | bc -l)" "$6"; }

video=$work/720p-2min.mp4
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")
read -r ours_s ours_kb < <(measure "$bin" analyze "$video")
cp "$work/stdout" "$work/ours.json"
row 720p-2min "soundtrack analyze" "$ours_s" "$duration" "$ours_kb" "$(cuts_of_analysis "$work/ours.json")"
read -r psd_s psd_kb < <(measure "$scenedetect" -q -i "$video" -o "$work" detect-adaptive list-scenes -f psd.csv)
psd_cuts=$(python3 - "$work/psd.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
# First line: timecode list; then a header; then one row per scene (start seconds in column 3).
starts = [float(r[3]) for r in rows[2:] if len(r) > 3]
print(" ".join(f"{s:.3f}" for s in starts[1:]))
PY
)
row 720p-2min "PySceneDetect detect-adaptive" "$psd_s" "$duration" "$psd_kb" "$(wc -w <<<"$psd_cuts")"
printf '%-14s %-30s %9.2f\n' 720p-2min "PySceneDetect / soundtrack" "$(echo "$psd_s / $ours_s" | bc -l)"
echo "soundtrack cuts:    $(python3 -c 'import json,sys; print(" ".join(f"{c:.3f}" for c in json.load(open(sys.argv[1]))["cuts"]))' "$work/ours.json")"
echo "PySceneDetect cuts: $psd_cuts"
if [ -x ../shared/tools/scene-f1 ]; then
    tr ' ' '\n' <<<"$psd_cuts" >"$work/psd.txt"
    echo "agreement (scene-f1, PySceneDetect as truth): $(../shared/tools/scene-f1 "$work/ours.json" "$work/psd.txt" | tail -1)"
fi

for name in 720p-10min 1080p-2min; do
    video=$work/$name.mp4
    duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")
    read -r s kb < <(measure "$bin" analyze "$video")
    row "$name" "soundtrack analyze" "$s" "$duration" "$kb" "$(cuts_of_analysis "$work/stdout")"
done
echo "targets: >= 40x on 720p, >= 15x on 1080p, PySceneDetect / soundtrack >= 2.5 (2 shared cores: run on a quiet machine)"
