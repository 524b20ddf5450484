#!/usr/bin/env bash
# Are the six styles told apart by their notes? (issue 9, "How it is checked")
#
# Gives each clip of scripts/make-music-clips.sh a soundtrack in every style with five seeds,
# profiles every score with ../shared/tools/music-profile, and classifies the runs by nearest
# style centroid, leave-one-out (scripts/style_check.py). Prints the accuracy and the 6x6
# confusion matrix, with all features and with the notes alone, and, per style, music-profile's
# summary lines for the trailer (../shared/media/trailer_bbb.mp4, seed 1). Exits 1 when the
# accuracy is below 0.95, 2 when something needed is missing.
#
# usage: scripts/style-check.sh [BIN] [--out DIR] [--clips DIR] [--seeds "1 2 3 4 5"]
#                               [--with-trailer] [--no-trailer] [--jobs 2] [--min-accuracy 0.95]
#   BIN             the soundtrack binary (default .build/release/soundtrack)
#   --out DIR       where the runs go (default: a new folder under /tmp); runs already there and
#                   newer than BIN are reused, so a second call only classifies again
#   --clips DIR     the clip set (default ~/.cache/soundtrack-eval/clips, made when missing)
#   --with-trailer  classify the trailer's runs too (4 clips instead of 3)
#   --no-trailer    skip the trailer altogether (no summary lines)
# 6 styles x 5 seeds x 3 clips = 90 runs (+6 for the trailer), two at a time. Each run is a whole
# soundtrack job (analysis, rendering, writing): 20-40 s on an idle 2-core machine, 1-3 min at a
# load average of 20-40, when the whole check takes 1.5-2 hours; stop it and call it again with
# the same --out to go on, or use --seeds "1 2 3" for a quicker look.
#
# Before issue 9's rewrite (composer of 2026-12-03, seeds 1-3 and three runs of seed 4: 57 runs):
#   all features, per clip: 1.000 (the GM programs alone tell the styles apart);
#   notes alone: 0.860 (piano heard as folk 4 of 10, cinematic as folk 2 of 9, folk as cinematic
#   2 of 9); all features on one scale over the clips: 0.825.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=""
out=""
clips="${HOME}/.cache/soundtrack-eval/clips"
seeds="1 2 3 4 5"
styles="ambient piano cinematic electronic lofi folk"
jobs=2
trailer=summary
min_accuracy=0.95
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --clips) clips=$2; shift 2 ;;
        --seeds) seeds=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --with-trailer) trailer=classify; shift ;;
        --no-trailer) trailer=none; shift ;;
        --min-accuracy) min_accuracy=$2; shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) [ -z "$bin" ] || { echo "one binary only (see --help)" >&2; exit 2; }; bin=$1; shift ;;
    esac
done
bin=$(realpath "${bin:-$root/.build/release/soundtrack}")
tools="$root/../shared/tools"
trailer_clip="$root/../shared/media/trailer_bbb.mp4"
[ -x "$bin" ] || { echo "no soundtrack binary at $bin (swift build -c release --product soundtrack)" >&2; exit 2; }
[ -x "$tools/music-profile" ] || { echo "music-profile not found in $tools" >&2; exit 2; }
if [ ! -f "$clips/calm.mp4" ] || [ ! -f "$clips/driven.mp4" ] || [ ! -f "$clips/mixed.mp4" ]; then
    echo "making the clip set in $clips"
    bash "$root/scripts/make-music-clips.sh" "$clips" >/dev/null
fi
if [ "$trailer" != none ] && [ ! -f "$trailer_clip" ]; then
    echo "no trailer at $trailer_clip: skipping it" >&2
    trailer=none
fi
[ -n "$out" ] || out=$(mktemp -d /tmp/style-check.XXXXXX)
mkdir -p "$out"
echo "runs in $out, binary $bin"

# One run: the score, the report and the profile. Arguments: CLIP_PATH NAME STYLE SEED
run_one() {
    local clip=$1 name=$2 style=$3 seed=$4
    local base="$out/$name.$style.s$seed"
    if [ -s "$base.profile.json" ] && [ "$base.profile.json" -nt "$bin" ]; then
        return 0
    fi
    rm -f "$base".*
    if ! "$bin" "$clip" --style "$style" --seed "$seed" -o "$base.mp4" --midi "$base.mid" \
        --report "$base.json" --force -q > /dev/null 2> "$base.log"; then
        echo "FAILED: $bin $clip --style $style --seed $seed ($(tail -1 "$base.log"))" >&2
        return 0
    fi
    rm -f "$base.mp4"
    "$tools/music-profile" "$base.mid" --report "$base.json" > "$base.profile.txt" 2>> "$base.log" || true
    tail -n 1 "$base.profile.txt" > "$base.profile.json"
}
export -f run_one
export out bin tools

# The first call of music-profile builds its venv: do it once before the parallel runs.
"$tools/music-profile" --help >/dev/null 2>&1 || true

list=()
for seed in $seeds; do
    for style in $styles; do
        for name in calm driven mixed; do
            list+=("$clips/$name.mp4" "$name" "$style" "$seed")
        done
        if [ "$trailer" = classify ] || { [ "$trailer" = summary ] && [ "$seed" = "${seeds%% *}" ]; }; then
            list+=("$trailer_clip" trailer "$style" "$seed")
        fi
    done
done
started=$(date +%s)
printf '%s\0' "${list[@]}" | xargs -0 -n 4 -P "$jobs" bash -c 'run_one "$@"' _
echo "$(( ${#list[@]} / 4 )) runs ready in $(( $(date +%s) - started )) s"

if [ "$trailer" != none ]; then
    first=${seeds%% *}
    echo
    echo "music-profile on the trailer, seed $first:"
    for style in $styles; do
        f="$out/trailer.$style.s$first.profile.txt"
        echo "== $style"
        if [ -s "$f" ]; then head -n -1 "$f" | sed 's/^/  /'; else echo "  (no profile: see ${f%.profile.txt}.log)"; fi
    done
    echo
fi

clip_names=calm,driven,mixed
[ "$trailer" = classify ] && clip_names+=",trailer"
python3 "$root/scripts/style_check.py" "$out" --clips "$clip_names" --min-accuracy "$min_accuracy"
