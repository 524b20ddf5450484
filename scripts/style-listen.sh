#!/usr/bin/env bash
# Does an independent listener hear each style as itself? (issue 9, "How it is checked")
#
# Gives the trailer (../shared/media/trailer_bbb.mp4, 55 s of real footage) a soundtrack in each
# of the six styles with a seed the classifier check does not use (held back), takes the music
# track at the delivered loudness (--audio replace, -16 LUFS, AAC in .m4a), and runs the
# pretrained musicnn taggers on it (scripts/style_listen.py): the top tags per style, the style
# the tags name, and how many of the six are recognised.
#
# usage: scripts/style-listen.sh [BIN] [--out DIR] [--clip FILE] [--seed 101] [--soundfont FILE]
# The taggers run offline: musicnn 0.1.0 ships its weights in the package. It needs TensorFlow 1.x
# graph APIs (tf.compat.v1.layers), which TensorFlow 2.15 still has on Python 3.11 (2.16+ drops
# them with Keras 3), with numpy < 2 and librosa 0.9 (0.10 made melspectrogram's arguments
# keyword-only). They go into a venv at ~/.cache/soundtrack-tagger-venv (about 1.7 GB, a few
# minutes once; needs PyPI). Takes 2-4 minutes after that (15 at a load average of 20-40).
#
# Before issue 9's rewrite (2026-12-03, default font FluidR3Mono, seed 101): 3 of 6 recognised:
# ambient, piano, cinematic; electronic heard as cinematic (MTT: violin 0.53, strings, classical),
# lofi as ambient (MTT: guitar, slow, piano; MSD: ambient, electronic, chillout), folk as
# cinematic (MTT: violin, classical, strings; MSD: folk 0.19 first).
#
# Session 5 (same trailer and seed, FluidR3_GM default): 4 of 6: ambient, cinematic, electronic,
# folk; piano heard as folk (MTT: guitar 0.46, piano 0.35), lofi as piano (MTT: guitar 0.48,
# piano 0.33; MSD: jazz 0.43 first). With --soundfont MuseScore_General_Full.sf2: 5 of 6 (piano:
# piano 0.86 first; lofi heard as folk, 0.54 against lofi's 0.51).
#
# Session 6 (piano's left hand down to G1, lofi's kit forward): 5 of 6 with FluidR3_GM: piano
# recognised (MTT: piano 0.49, guitar 0.38); lofi still heard as piano (MTT: guitar 0.47, slow
# 0.32, piano 0.29; MSD: jazz 0.39 first).
#
# Session 11 (FluidR3_GM): 4 of 6 before, cinematic heard as ambient (MTT: slow 0.43, classical
# 0.32; ambient 1.00 against cinematic 0.74); 5 of 6 with cinematic's tune on a solo violin
# (MTT: violin, strings, classical first). Lofi still heard as piano (MTT: guitar 0.50, piano
# 0.32; MSD: jazz 0.45 first; piano 0.65, folk 0.54, lofi 0.51).
#
# Session 19 (seed 101, FluidR3_GM): 6 of 6. Lofi heard as lofi 0.55 (MTT: drums 0.36, guitar
# 0.27, slow 0.26, beat; MSD: jazz 0.26 first), against folk 0.44, with an upright bass, a
# vibraphone tune, an FM electric piano, a room kit and the kit forward in the mix.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=""
out=""
clip="$root/../shared/media/trailer_bbb.mp4"
seed=101
font=()
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --clip) clip=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --soundfont) font=(--soundfont "$2"); shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) bin=$1; shift ;;
    esac
done
bin=$(realpath "${bin:-$root/.build/release/soundtrack}")
[ -x "$bin" ] || { echo "no soundtrack binary at $bin (swift build -c release --product soundtrack)" >&2; exit 2; }
[ -f "$clip" ] || { echo "no clip at $clip" >&2; exit 2; }

venv="${HOME}/.cache/soundtrack-tagger-venv"
if ! "$venv/bin/python" -c 'import musicnn.extractor, tensorflow' 2>/dev/null; then
    echo "installing musicnn and TensorFlow into $venv (once)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "tensorflow-cpu==2.15.1" "numpy==1.26.4" "librosa==0.9.2"
    "$venv/bin/pip" install -q --no-deps "musicnn==0.1.0"
fi

[ -n "$out" ] || out=$(mktemp -d /tmp/style-listen.XXXXXX)
mkdir -p "$out"
echo "renders in $out: $(basename "$clip"), seed $seed"
for style in ambient piano cinematic electronic lofi folk; do
    "$bin" "$clip" -q --force --style "$style" --seed "$seed" --audio replace "${font[@]}" \
        -o "$out/$style.mp4" --report "$out/$style.json" >/dev/null
    # The music is the default audio track; take it as delivered (AAC), then decode for the tagger.
    index=$(ffprobe -v error -select_streams a -show_entries stream=index:stream_disposition=default \
        -of csv=p=0 "$out/$style.mp4" | awk -F, '$2 == 1 { print $1; exit }')
    ffmpeg -v error -y -i "$out/$style.mp4" -map "0:${index:-a:0}" -c copy "$out/$style.m4a"
    ffmpeg -v error -y -i "$out/$style.m4a" -ac 1 -ar 16000 "$out/$style.wav"
    rm -f "$out/$style.mp4"
    loudness=$(ffmpeg -nostats -i "$out/$style.m4a" -af ebur128 -f null - 2>&1 | awk '/I:/ { v = $2 } END { print v }')
    echo "  $style: $out/$style.m4a ($loudness LUFS)"
done
"$venv/bin/python" "$root/scripts/style_listen.py" "$out" 2> "$out/tagger.log"
