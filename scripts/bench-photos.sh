#!/usr/bin/env bash
# Slideshow speed: ten 1920x1080 photos, five seconds each (50 s of video), made into an
# H.264/AAC MP4 by soundtrack, against ffmpeg's CLI making a slideshow of the same photos with
# the same encoder settings (letterboxed, libx264 veryfast CRF 21, 25 fps, AAC) and no music,
# in the same run. Each is run three times and the best time counts (the machine is shared).
# Reports x real time for both (50 s of video / seconds taken) and their ratio. The target is
# soundtrack at 5x real time or more on a 2-core machine; on a shared machine the CPU seconds
# (user + system) tell more than the wall clock.
#
# The music alone from the same photos (-o .m4a) is timed too: the difference is the pictures.
#
#   scripts/bench-photos.sh [PHOTOS] [--motion]    (default: 10 photos, still pictures)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
count=${1:-10}
motion=${2:-}
runs=3
seconds=$((count * 5))
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench-photos.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }

# Photos with detail and noise, as a camera gives: x264 has real work at every change.
for i in $(seq -w 1 "$count"); do
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=1,noise=alls=$((10 + 10#$i)):allf=u,hue=h=$((10#$i * 36))" \
        -frames:v 1 -q:v 3 "$work/photo-$i.jpg"
done

best() { sort -g | head -1; }

for run in $(seq $runs); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" -q "$work"/photo-*.jpg -o "$work/show-$run.mp4" $motion \
        --report "$work/report-$run.json" >/dev/null
    cut -d' ' -f1 "$work/time" >>"$work/soundtrack.times"
    awk '{print $2 + $3}' "$work/time" >>"$work/soundtrack.cpu"
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["timings"]["writing"])' \
        "$work/report-$run.json" >>"$work/writing.times"
done

# The same job with the music alone (-o .m4a: no pictures encoded), so that the pictures' share
# of the whole job shows: whole job minus this is what H.264 and the photos cost.
for run in $(seq $runs); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" -q "$work"/photo-*.jpg -o "$work/music-$run.m4a" >/dev/null
    cut -d' ' -f1 "$work/time" >>"$work/music.times"
    awk '{print $2 + $3}' "$work/time" >>"$work/music.cpu"
done

# ffmpeg's own slideshow: each photo looped for 125 frames, letterboxed, concatenated.
inputs=() filters="" labels=""
index=0
for photo in "$work"/photo-*.jpg; do
    inputs+=(-loop 1 -framerate 25 -t 5 -i "$photo")
    filters+="[$index:v]scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,format=yuv420p,setsar=1[v$index];"
    labels+="[v$index]"
    index=$((index + 1))
done
for run in $(seq $runs); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" ffmpeg -v error -y "${inputs[@]}" \
        -f lavfi -t "$seconds" -i "sine=frequency=440:sample_rate=48000" \
        -filter_complex "${filters}${labels}concat=n=$index:v=1:a=0[v]" -map "[v]" -map "$index:a" \
        -c:v libx264 -preset veryfast -crf 21 -c:a aac -b:a 192k "$work/ffmpeg-$run.mp4"
    cut -d' ' -f1 "$work/time" >>"$work/ffmpeg.times"
    awk '{print $2 + $3}' "$work/time" >>"$work/ffmpeg.cpu"
done

st_s=$(best <"$work/soundtrack.times")
write_s=$(best <"$work/writing.times")
ff_s=$(best <"$work/ffmpeg.times")
st_cpu=$(best <"$work/soundtrack.cpu")
ff_cpu=$(best <"$work/ffmpeg.cpu")
music_s=$(best <"$work/music.times")
music_cpu=$(best <"$work/music.cpu")
echo "slideshow: $count photos of 1920x1080, ${seconds} s at 25 fps ${motion:-(still)}; best of $runs runs; load average $(cut -d' ' -f1 /proc/loadavg)"
printf "soundtrack, whole job (music included): %6.2f s  %6.1fx real time\n" "$st_s" "$(echo "$seconds / $st_s" | bc -l)"
printf "soundtrack, pictures and mux alone:     %6.2f s  %6.1fx real time\n" "$write_s" "$(echo "$seconds / $write_s" | bc -l)"
printf "soundtrack, the music alone (-o .m4a):  %6.2f s  %6.1fx real time\n" "$music_s" "$(echo "$seconds / $music_s" | bc -l)"
printf "ffmpeg CLI slideshow (no music):        %6.2f s  %6.1fx real time\n" "$ff_s" "$(echo "$seconds / $ff_s" | bc -l)"
printf "soundtrack whole job / ffmpeg CLI time: %6.2f\n" "$(echo "$st_s / $ff_s" | bc -l)"
# On a shared machine the wall clock mostly measures the other tenants; CPU seconds do not.
# Two free cores do the CPU seconds in about half the time (x264 and the renderer use both).
printf "CPU seconds: soundtrack %.1f (music alone %.1f), ffmpeg %.1f; on 2 free cores about %.1fx real time\n" \
    "$st_cpu" "$music_cpu" "$ff_cpu" "$(echo "$seconds / ($st_cpu / 2)" | bc -l)"
