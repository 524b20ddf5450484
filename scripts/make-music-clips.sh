#!/usr/bin/env bash
# Makes the clip set the music is measured on (issue 9): three generated videos whose moods
# differ clearly, built from ffmpeg's lavfi sources so that any machine can remake them.
#
#   calm.mp4    60 s  dark, slow, desaturated gradients that drift; a soft low hum. Three long
#                     scenes joined by hard cuts.
#   driven.mp4  60 s  bright saturated fast motion (Mandelbrot zoom, test pattern spinning in
#                     hue, Game of Life, cellular automaton) cut every 2-6 s, over loud
#                     percussive noise and kicks.
#   mixed.mp4  116 s  calm and driven passages of 15-25 s alternating with hard cuts (the
#                     driven ones cut inside too).
#
# usage: scripts/make-music-clips.sh OUTDIR [--check BIN]
#   --check BIN  also runs `BIN analyze` on each clip and prints every scene's mood; it exits 1
#                unless every calm scene has arousal < -0.2 and every driven one > 0.3.
# ONLY="calm mixed" remakes just those. The clips are 640x360, 25 fps H.264 with AAC stereo; the same command gives the same pictures.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [--check BIN]" >&2; exit 64; }
[ $# -ge 1 ] || usage
outdir=$1; shift
check_bin=""
if [ $# -gt 0 ]; then
    [ "$1" = "--check" ] && [ $# -eq 2 ] || usage
    check_bin=$2
fi
command -v ffmpeg >/dev/null || { echo "ffmpeg is not installed (apt-get install ffmpeg)" >&2; exit 69; }
mkdir -p "$outdir"

size=640x360
rate=25

# One calm scene: two dark, greyish colours drifting slowly; a soft low rumble.
# $1 duration, $2 $3 gradient colours, $4 seed (the gradient's angle and the rumble's level vary with it)
calm_video() {
    local d=$1 c0=$2 c1=$3 seed=$4
    echo "gradients=s=$size:r=$rate:c0=$c0:c1=$c1:speed=0.012:seed=$seed:d=$d,hue=s=0.5"
}
calm_audio() {
    local d=$1 seed=$2
    echo "anoisesrc=color=brown:amplitude=0.$((1 + seed % 2)):seed=$seed:d=$d,lowpass=f=200,aformat=sample_rates=48000:channel_layouts=stereo"
}

# One driven scene: bright, saturated and moving fast. $1 duration, $2 kind (0-3)
driven_video() {
    local d=$1 kind=$2
    case $kind in
        0) echo "mandelbrot=s=320x180:r=$rate:end_scale=0.0005:end_pts=$d:maxiter=200,scale=$size,hue=h=t*240:s=2,eq=saturation=1.6:brightness=0.08,trim=duration=$d" ;;
        1) echo "testsrc2=s=$size:r=$rate:d=$d,hue=h=t*360:s=2,scroll=h=0.03:v=0.02,eq=saturation=1.5" ;;
        2) echo "life=s=320x180:r=$rate:ratio=0.3:mold=4:life_color=#ffee00:death_color=#ff0060:mold_color=#00a0ff,scale=$size:flags=neighbor,hue=h=t*180,trim=duration=$d" ;;
        3) echo "cellauto=s=320x180:r=$rate:rule=30:random_fill_ratio=0.5:scroll=1,scale=$size:flags=neighbor,format=yuv420p,lutyuv=u=200:v=60,hue=h=t*300:s=1.8,trim=duration=$d" ;;
    esac
}
# Loud percussive noise: hats on 8ths, a kick on every beat at 140 bpm, bursts of snare noise.
driven_audio() {
    local d=$1
    echo "aevalsrc=exprs='0.5*(random(0)*2-1)*exp(-mod(t\,0.2143)*40)+0.8*sin(2*PI*(55+90*exp(-mod(t\,0.4286)*25))*t)*exp(-mod(t\,0.4286)*9)+0.4*(random(1)*2-1)*exp(-mod(t+0.4286\,0.8571)*14)':s=48000:d=$d,aformat=sample_rates=48000:channel_layouts=stereo"
}

# Builds OUT from a list of scenes "calm:DUR:C0:C1:SEED" or "driven:DUR:KIND".
build() {
    local out=$1; shift
    local args=() filter="" n=0
    for scene in "$@"; do
        IFS=: read -r kind d a b c <<<"$scene"
        if [ "$kind" = calm ]; then
            args+=(-f lavfi -i "$(calm_video "$d" "$a" "$b" "$c")" -f lavfi -i "$(calm_audio "$d" "$c")")
        else
            args+=(-f lavfi -i "$(driven_video "$d" "$a")" -f lavfi -i "$(driven_audio "$d")")
        fi
        filter+="[$((2 * n)):v]setsar=1,format=yuv420p,settb=1/$rate,setpts=N/$rate/TB[v$n];[$((2 * n + 1)):a]atrim=duration=$d[a$n];"
        n=$((n + 1))
    done
    for ((i = 0; i < n; i++)); do filter+="[v$i][a$i]"; done
    filter+="concat=n=$n:v=1:a=1[v][a]"
    ffmpeg -v error -y "${args[@]}" -filter_complex "$filter" -map '[v]' -map '[a]' \
        -c:v libx264 -preset veryfast -crf 26 -g 50 -pix_fmt yuv420p -c:a aac -b:a 128k \
        -movflags +faststart "$out"
    echo "$out"
}

want() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

want calm && build "$outdir/calm.mp4" \
    calm:22:0x0c1420:0x2a3038:1 calm:20:0x585048:0x302a26:2 calm:18:0x0a0e0a:0x203020:3

driven=()
for spec in 4:0 3:1 5:2 2.5:3 6:0 3.5:1 4.5:2 2:3 5.5:1 3:0 4:2 2.5:3 5:0 4:1 5.5:2; do
    driven+=("driven:${spec%%:*}:${spec##*:}")
done
want driven && build "$outdir/driven.mp4" "${driven[@]}"

want mixed && build "$outdir/mixed.mp4" \
    calm:20:0x0c1420:0x2a3038:4 driven:5:0 driven:4:1 driven:6:2 \
    calm:22:0x585048:0x302a26:5 driven:3:3 driven:5:1 driven:4:0 driven:4:2 \
    calm:25:0x0a0e0a:0x203020:6 driven:6:1 driven:4:2 driven:5:0 driven:3:3

[ -n "$check_bin" ] || exit 0

# Prints every scene's mood and checks the arousal bands.
status=0
for clip in calm driven mixed; do
    "$check_bin" analyze -q "$outdir/$clip.mp4" > "$outdir/$clip.analysis.json"
    python3 - "$outdir/$clip.analysis.json" "$clip" <<'EOF' || status=1
import json, sys
path, clip = sys.argv[1], sys.argv[2]
scenes = json.load(open(path))["scenes"]
# Where the calm passages are (seconds): all of calm.mp4, none of driven.mp4, three in mixed.mp4.
calm_spans = {"calm": [(0, 1e9)], "driven": [], "mixed": [(0, 20), (35, 57), (73, 98)]}[clip]
bad = 0
print(f"{clip}: {len(scenes)} scenes")
for s in scenes:
    m = s["mood"]
    mid = (s["start"] + s["end"]) / 2
    calm = any(a <= mid < b for a, b in calm_spans)
    ok = m["arousal"] < -0.2 if calm else m["arousal"] > 0.3
    bad += not ok
    print(f"  {s['start']:6.2f}-{s['end']:6.2f}  {'calm  ' if calm else 'driven'}  arousal {m['arousal']:+.2f}  "
          f"valence {m['valence']:+.2f}  tension {m['tension']:+.2f}  pace {m['pace']:.0f}  {'ok' if ok else 'OUT OF BAND'}")
sys.exit(1 if bad else 0)
EOF
done
exit $status
