#!/usr/bin/env bash
# Generates samples/sample.mp4: 24 s of 640x360 H.264 with AAC sound, in four scenes that
# differ in mood (dark and still, bright and busy, a fade to black, calm colours).
set -euo pipefail
out=${1:-samples/sample.mp4}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ffmpeg -v error -y \
    -f lavfi -i "gradients=s=640x360:d=6:speed=0.002:c0=0x101830:c1=0x203050,format=yuv420p" \
    -f lavfi -i "testsrc2=s=640x360:d=6:r=25,hue=s=2,format=yuv420p" \
    -f lavfi -i "mandelbrot=s=640x360:r=25,trim=duration=6,fade=out:st=5:d=1,format=yuv420p" \
    -f lavfi -i "life=s=640x360:r=25:mold=10:ratio=0.3:death_color=#1a4a7a:life_color=#f0c060,trim=duration=6,format=yuv420p" \
    -f lavfi -i "sine=f=220:d=6,volume=0.1" \
    -f lavfi -i "anoisesrc=d=6:c=pink:a=0.2,tremolo=f=4:d=0.9" \
    -f lavfi -i "sine=f=330:d=6,volume=0.2" \
    -f lavfi -i "sine=f=440:d=6,volume=0.05" \
    -filter_complex "[0:v]fps=25[v0];[1:v]fps=25[v1];[2:v]fps=25[v2];[3:v]fps=25[v3];[v0][4:a][v1][5:a][v2][6:a][v3][7:a]concat=n=4:v=1:a=1[v][a]" \
    -map "[v]" -map "[a]" -c:v libx264 -preset veryfast -crf 26 -pix_fmt yuv420p -c:a aac -b:a 96k \
    -movflags +faststart "$tmp/sample.mp4"
mv "$tmp/sample.mp4" "$out"
echo "$out"
