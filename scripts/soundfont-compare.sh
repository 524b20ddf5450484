#!/usr/bin/env bash
# Compares the General MIDI SoundFonts Debian packages on soundtrack's own scores (issue 9, item 5).
#
# Renders one score per style (the first 60 s of the mixed clip of scripts/make-music-clips.sh,
# seed 1: two calm and two driven passages) with every font through soundtrack itself (--soundfont FONT --stems DIR; the
# stems' mix.wav is the music alone, before loudness control), checks that the scores are the
# same bytes whatever the font, and prints per font: size, load time (FluidSynth's CLI loading
# the font alone), render speed in x real time (the report's "rendering" stage), spectral
# centroid and rolloff, low/high band energy, crest factor, loudness range; the GM programs each
# style uses and whether each font has them. Spectrogram pictures go to OUT/spec/FONT.STYLE.png.
# Renders already in OUT are kept, so an interrupted run can be resumed with the same --out.
#
# usage: scripts/soundfont-compare.sh [BIN] [--out DIR] [--clip FILE] [--seconds 60] [--styles "..."] [--install]
#   --styles S  only these styles (default: all six)
#   --seconds N the first N seconds of the clip (stream copy) are given music
#   --install   apt-get install the fonts that are missing (as root)
# Fonts: TimGM6mb (timgm6mb-soundfont), FluidR3Mono (fluidr3mono-gm-soundfont), FluidR3
# (fluid-soundfont-gm), MuseScore General Lite and Full sf3 (musescore-general-soundfont-small,
# musescore-general-soundfont) and Full sf2 (musescore-general-soundfont-lossless); missing ones
# are skipped.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=""
out=""
clip=""
install=no
seconds=60
styles="ambient piano cinematic electronic lofi folk"
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --clip) clip=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --styles) styles=$2; shift 2 ;;
        --install) install=yes; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) bin=$1; shift ;;
    esac
done
bin=$(realpath "${bin:-$root/.build/release/soundtrack}")
[ -x "$bin" ] || { echo "no soundtrack binary at $bin (swift build -c release --product soundtrack)" >&2; exit 2; }
command -v fluidsynth >/dev/null || { echo "fluidsynth (the CLI) is not installed: apt-get install fluidsynth" >&2; exit 2; }

if [ "$install" = yes ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends timgm6mb-soundfont \
        fluidr3mono-gm-soundfont fluid-soundfont-gm musescore-general-soundfont \
        musescore-general-soundfont-small musescore-general-soundfont-lossless >/dev/null
fi
fonts=()
for f in /usr/share/sounds/sf2/TimGM6mb.sf2 /usr/share/sounds/sf3/FluidR3Mono_GM.sf3 \
    /usr/share/sounds/sf2/FluidR3_GM.sf2 /usr/share/sounds/sf3/MuseScore_General_Lite.sf3 \
    /usr/share/sounds/sf3/MuseScore_General_Full.sf3 /usr/share/sounds/sf2/MuseScore_General_Full.sf2; do
    if [ -f "$f" ]; then fonts+=("$(realpath "$f")"); else echo "not installed: $f" >&2; fi
done
[ ${#fonts[@]} -gt 0 ] || { echo "no SoundFont installed (try --install)" >&2; exit 2; }

venv="${HOME}/.cache/soundtrack-eval-venv"
if ! "$venv/bin/python" -c 'import numpy' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q numpy
fi

if [ -z "$clip" ]; then
    clips="${HOME}/.cache/soundtrack-eval/clips"
    [ -f "$clips/mixed.mp4" ] || bash "$root/scripts/make-music-clips.sh" "$clips" >/dev/null
    clip="$clips/mixed.mp4"
fi
[ -n "$out" ] || out=$(mktemp -d /tmp/soundfont-compare.XXXXXX)
mkdir -p "$out/spec"
[ -f "$out/clip.mp4" ] || ffmpeg -v error -y -i "$clip" -t "$seconds" -map 0 -c copy "$out/clip.mp4"
clip="$out/clip.mp4"
echo "renders in $out; clip $clip ($seconds s); load average $(cut -d' ' -f1 /proc/loadavg)"

for font in "${fonts[@]}"; do
    name=$(basename "$font")
    # Load time: FluidSynth's CLI with no MIDI file loads the font and stops; best of two.
    best=""
    for _ in 1 2; do
        /usr/bin/time -f "%e" -o "$out/time" fluidsynth -ni -q -C 0 -R 0 -r 48000 -F "$out/none.wav" "$font" \
            </dev/null >/dev/null 2>&1 || true
        t=$(tail -1 "$out/time")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best" > "$out/$name.load.txt"
    cpu_score=""
    for style in $styles; do
        d="$out/$name.$style"
        if [ -s "$d/mix.wav" ] && [ -s "$d/report.json" ] && [ -s "$out/spec/$name.$style.png" ]; then continue; fi
        rm -rf "$d"
        mkdir -p "$d"
        if ! "$bin" "$clip" -q --force --style "$style" --seed 1 --soundfont "$font" -o "$d/out.mp4" \
            --stems "$d/stems" --midi "$d/score.mid" --report "$d/report.json" 2> "$d/log.txt" >/dev/null; then
            echo "FAILED: $name $style: $(tail -1 "$d/log.txt")" >&2
            continue
        fi
        mv "$d/stems/mix.wav" "$d/mix.wav"
        rm -rf "$d/stems" "$d/out.mp4"
        "$venv/bin/python" "$root/scripts/soundfont_compare.py" spectrogram "$d/mix.wav" "$out/spec/$name.$style.png"
    done
    # CPU seconds hardly depend on the machine's load, unlike the wall-clock figures above: FluidSynth's
    # CLI loading the font, and rendering the electronic score (or the first style's) per CPU second.
    for style in electronic $styles; do
        [ -f "$out/$name.$style/score.mid" ] && { cpu_score="$out/$name.$style/score.mid"; break; }
    done
    if [ -n "$cpu_score" ]; then
        "$venv/bin/python" "$root/scripts/soundfont_compare.py" cpu "$font" "$cpu_score" "$seconds" > "$out/$name.cpu.txt"
    fi
    echo "rendered with $name (load $best s wall, CPU load and x real time per CPU s: $(cat "$out/$name.cpu.txt" 2>/dev/null))"
done

# The scores must not depend on the font.
for style in $styles; do
    sums=$(for font in "${fonts[@]}"; do
        f="$out/$(basename "$font").$style/score.mid"; [ -f "$f" ] && sha256sum < "$f"; done | sort -u | wc -l)
    [ "$sums" -le 1 ] || echo "WARNING: the $style score differs between fonts" >&2
done
"$venv/bin/python" "$root/scripts/soundfont_compare.py" table "$out" "${fonts[@]}"
echo "spectrograms: $out/spec/"
