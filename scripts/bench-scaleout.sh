#!/usr/bin/env bash
# Throughput of 1, 2 and 3 daemons ("machines") on one PostgreSQL journal and one set of folders:
# files per second for a batch dropped at once, and each daemon's peak memory (VmHWM). Run it
# under scripts/with-postgresql.sh:
#   bash scripts/with-postgresql.sh bash scripts/bench-scaleout.sh [BIN] [FILES] [KIND]
# KIND: cue (cue sheets to .mid, the default) or clip (1-second videos, soundtracked).
set -euo pipefail
bin=${1:-.build/release/soundtrack}
files=${2:-60}
kind=${3:-cue}
bin=$(realpath "$bin")
url=${SOUNDTRACK_TEST_POSTGRESQL:?run under scripts/with-postgresql.sh}
work=$(mktemp -d /tmp/soundtrack-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if [ "$kind" = clip ]; then
    ffmpeg -loglevel error -f lavfi -i testsrc=duration=1:size=320x240:rate=25 -f lavfi -i sine=duration=1 \
        -c:v libx264 -c:a aac -shortest "$work/clip.mp4"
fi
for machines in 1 2 3; do
    db="bench_${machines}_$$"
    psql -q "$url" -c "CREATE DATABASE $db"
    dburl=${url/:\/\/\/postgres\?/:\/\/\/$db?}
    run="$work/run$machines"
    mkdir -p "$run/in" "$run/out" "$run/failed" "$run/staging"
    pids=()
    for m in $(seq 1 "$machines"); do
        cat >"$run/m$m.conf" <<CONF
[daemon]
journal = "$dburl"
machine = "m$m"
workers = 1
settle_seconds = 0.5
lease_seconds = 30

[[watch]]
input = "$run/in"
output = "$run/out"
failed = "$run/failed"
format = "mid"
CONF
        "$bin" daemon --config "$run/m$m.conf" >"$run/m$m.log" 2>&1 &
        pids+=($!)
    done
    until [ "$(grep -l '\] watching' "$run"/m*.log 2>/dev/null | wc -l)" -eq "$machines" ]; do sleep 0.2; done
    for i in $(seq 1 "$files"); do
        if [ "$kind" = clip ]; then cp "$work/clip.mp4" "$run/staging/f$i.mp4"
        else printf '0:00 calm dawn %s\n0:04 a chase\n' "$i" >"$run/staging/f$i.txt"; fi
    done
    start=$(date +%s.%N)
    mv "$run"/staging/* "$run/in/"
    while :; do
        done_count=$("$bin" status --config "$run/m1.conf" --state done --json 2>/dev/null | grep -c '"state" : "done"' || true)
        [ "$done_count" -ge "$files" ] && break
        sleep 0.2
    done
    end=$(date +%s.%N)
    memory=""
    for pid in "${pids[@]}"; do memory+=" $(awk '/VmHWM/ {print $2}' /proc/$pid/status) kB"; done
    spread=$("$bin" status --config "$run/m1.conf" --json | grep -o '"machine" : "m[0-9]"' | sort | uniq -c | tr -s ' ' | tr '\n' ',')
    printf '%d machine(s): %d files in %.1f s = %.2f files/s; peak memory per daemon:%s; jobs per machine:%s\n' \
        "$machines" "$files" "$(echo "$end - $start" | bc)" "$(echo "$files / ($end - $start)" | bc -l)" "$memory" "$spread"
    kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
done
