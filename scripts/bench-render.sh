#!/usr/bin/env bash
# Rendering speed of soundtrack's FluidSynth renderer against FluidSynth's own command-line
# renderer on the same four-part score, in one run.
#
# soundtrack composes and renders music for a silent 2-minute video and writes the score as a
# MIDI file (--midi); its report gives the seconds its rendering stage took. FluidSynth's CLI
# then renders that MIDI file with the same SoundFont, at 48 kHz, chorus off (soundtrack
# renders without chorus too). Each is run three times and the best time counts, because the
# machine is shared. Reports x real time for both and their ratio.
#
#   scripts/bench-render.sh [SECONDS]    (default: 120)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
seconds=${1:-120}
runs=3
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench-render.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
command -v fluidsynth >/dev/null || { echo "fluidsynth (the CLI) is not installed: apt-get install fluidsynth" >&2; exit 1; }

ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$seconds" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/silent.mp4"

best() { sort -g | head -1; }

# The report times the font's loading ("soundfont", the part analysis did not hide) apart
# from the rendering.
for run in $(seq $runs); do
    "$bin" -q "$work/silent.mp4" -o "$work/out-$run.mp4" --audio replace \
        --midi "$work/score-$run.mid" --report "$work/report-$run.json" >/dev/null
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["timings"]["rendering"])' \
        "$work/report-$run.json" >>"$work/soundtrack.times"
    python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["timings"]; print(t.get("soundfont", 0) + t["rendering"])' \
        "$work/report-$run.json" >>"$work/soundtrack-load.times"
done
soundfont=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["music"]["soundFont"])' "$work/report-1.json")
tracks=$(python3 - "$work/score-1.mid" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
print(struct.unpack(">H", data[10:12])[0] - 1)  # minus the conductor track
PY
)
for run in $(seq $runs); do
    /usr/bin/time -f "%e" -o "$work/time" \
        fluidsynth -ni -q -C 0 -r 48000 -F "$work/fluidsynth.wav" "$soundfont" "$work/score-1.mid" >/dev/null 2>&1
    cat "$work/time" >>"$work/fluidsynth.times"
done
# FluidSynth's CLI loads the font inside the timed run; soundtrack loads it during analysis.
# Time a load alone (no MIDI file: it loads the font and stops) to show both ways.
/usr/bin/time -f "%e" -o "$work/time" fluidsynth -ni -q -C 0 -r 48000 -F "$work/none.wav" "$soundfont" \
    >/dev/null 2>&1 </dev/null || true
load_s=$(tail -1 "$work/time")

st_s=$(best <"$work/soundtrack.times")
st_load_s=$(best <"$work/soundtrack-load.times")
fs_s=$(best <"$work/fluidsynth.times")
fs_render_s=$(echo "if ($fs_s - $load_s > 0.01) $fs_s - $load_s else 0.01" | bc -l)
echo "score: $tracks parts, $seconds s, SoundFont $soundfont; best of $runs runs; load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-44s %9s %10s\n' run seconds "x real"
printf '%-44s %9.2f %10.1f\n' "soundtrack renderer (render)" "$st_s" "$(echo "$seconds / $st_s" | bc -l)"
printf '%-44s %9.2f %10.1f\n' "soundtrack renderer (unhidden load + render)" "$st_load_s" "$(echo "$seconds / $st_load_s" | bc -l)"
printf '%-44s %9.2f %10.1f\n' "fluidsynth CLI (load + render)" "$fs_s" "$(echo "$seconds / $fs_s" | bc -l)"
printf '%-44s %9.2f %10.1f\n' "fluidsynth CLI (render, minus a bare load)" "$fs_render_s" "$(echo "$seconds / $fs_render_s" | bc -l)"
printf '%-44s %9.2f\n' "speed ratio, render only (fluidsynth / ours)" "$(echo "$fs_render_s / $st_s" | bc -l)"
printf '%-44s %9.2f\n' "speed ratio, with loading (fluidsynth / ours)" "$(echo "$fs_s / $st_load_s" | bc -l)"
