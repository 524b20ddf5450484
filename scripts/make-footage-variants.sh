#!/usr/bin/env bash
# Footage unlike the measured clip set (scripts/make-music-clips.sh), made from the two real clips
# in ../shared/media and the generated driven clip, to see whether the music's figures hold on
# pacing and lengths the composer was not tuned on:
#
#   slow.mp4         110 s  the trailer at half speed: scenes twice as long, calmer motion
#   fast.mp4          28 s  the trailer at double speed: cuts every 0.5-2 s, moods still calm
#   opening.mp4       30 s  the trailer's first 30 s: a short calm opening
#   mid35.mp4         35 s  the trailer from 10 s to 45 s, its montage included
#   calm35.mp4        35 s  the calm clip's first 35 s: two sections
#   citytrailer.mp4   63 s  the city time-lapse, then the trailer; no sound
#   flash.mp4         40 s  40 shots of 0.5-1.5 s from the driven clip, as a fast music video
#
# usage: scripts/make-footage-variants.sh OUTDIR CLIPDIR
#   CLIPDIR holds calm.mp4 and driven.mp4 from scripts/make-music-clips.sh. The files are
#   640x360 H.264 with AAC; the same command gives the same pictures.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OUTDIR CLIPDIR" >&2; exit 64; }
out=$1
clips=$2
media="$(cd "$(dirname "$0")/.." && pwd)/../shared/media"
trailer=$media/trailer_bbb.mp4
city=$media/cityCC0.mpg
for file in "$trailer" "$city" "$clips/calm.mp4" "$clips/driven.mp4"; do
    [ -f "$file" ] || { echo "$file is missing" >&2; exit 66; }
done
mkdir -p "$out"
encode=(-c:v libx264 -preset veryfast -crf 23 -c:a aac -b:a 128k)

ffmpeg -v error -y -i "$trailer" -vf "setpts=2*PTS,scale=640:360" -af atempo=0.5 -r 24 "${encode[@]}" "$out/slow.mp4"
ffmpeg -v error -y -i "$trailer" -vf "setpts=0.5*PTS,scale=640:360" -af atempo=2 -r 24 "${encode[@]}" "$out/fast.mp4"
ffmpeg -v error -y -i "$trailer" -t 30 -vf scale=640:360 "${encode[@]}" "$out/opening.mp4"
ffmpeg -v error -y -ss 10 -i "$trailer" -t 35 -vf scale=640:360 "${encode[@]}" "$out/mid35.mp4"
ffmpeg -v error -y -i "$clips/calm.mp4" -t 35 -c copy "$out/calm35.mp4"
ffmpeg -v error -y -i "$city" -i "$trailer" -filter_complex \
    "[0:v]scale=640:360,setsar=1,fps=24[a];[1:v]scale=640:360,setsar=1,fps=24[b];[a][b]concat=n=2:v=1:a=0[v]" \
    -map "[v]" -c:v libx264 -preset veryfast -crf 23 "$out/citytrailer.mp4"

# 40 shots of 0.5-1.5 s from fixed places in the driven clip (a fixed list, not a random draw).
filter=$(awk 'BEGIN {
    start = 3.7
    for (i = 0; i < 40; i++) {
        start = (start * 1.618 + 11.3) % 58
        printf "[0:v]trim=start=%.3f:duration=%.2f,setpts=PTS-STARTPTS[v%d];", start, 0.5 + 0.25 * ((i * 7) % 5), i
    }
    for (i = 0; i < 40; i++) printf "[v%d]", i
}')
ffmpeg -v error -y -i "$clips/driven.mp4" -filter_complex "${filter}concat=n=40:v=1:a=0[v]" \
    -map "[v]" -map 0:a -t 40 "${encode[@]}" "$out/flash.mp4"
ls "$out"
