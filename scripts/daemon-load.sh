#!/usr/bin/env bash
# Load test for the daemon: drops N short videos into a watched folder at once and reports how
# long until every one is done, the throughput, and the daemon's peak memory (VmHWM).
#
#   scripts/daemon-load.sh [N] [WORKERS]        (defaults: 200 files, 2 workers)
#
# Uses SOUNDTRACK_BIN, else .build/release/soundtrack. Checks that each file was done exactly once.
set -euo pipefail

count=${1:-200}
workers=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SOUNDTRACK_BIN:-$root/.build/release/soundtrack}
[ -x "$bin" ] || { echo "no binary at $bin; run 'make release' or set SOUNDTRACK_BIN" >&2; exit 1; }

work=$(mktemp -d /tmp/soundtrack-load-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/staging"
cat >"$work/watch.conf" <<CONF
[daemon]
workers = $workers
journal = "$work/journal.sqlite"
settle_seconds = 1

[[watch]]
input = "$work/in"
output = "$work/out"
failed = "$work/failed"
CONF

# N different 1 s clips (different colours, so different identities), made before the clock starts.
ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=160x120:rate=25:duration=1" \
    -f lavfi -i "sine=frequency=440:duration=1" -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac -shortest "$work/base.mp4"
for i in $(seq 1 "$count"); do
    # Same streams, a different title tag: a different file for the journal's hash.
    ffmpeg -nostdin -v error -i "$work/base.mp4" -c copy -metadata title="clip $i" "$work/staging/clip$i.mp4"
done

"$bin" daemon --config "$work/watch.conf" -q 2>"$work/daemon.log" &
pid=$!
for _ in $(seq 1 100); do grep -q . "$work/journal.sqlite" 2>/dev/null && break; sleep 0.1; done
sleep 1

start=$(date +%s.%N)
mv "$work"/staging/*.mp4 "$work/in/"
while true; do
    done_count=$("$bin" status --config "$work/watch.conf" --state done --json | grep -c '"state" : "done"' || true)
    [ "$done_count" -ge "$count" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "the daemon died" >&2; cat "$work/daemon.log" >&2; exit 1; }
    sleep 1
done
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
# utime + stime of the daemon (fields 14 and 15 of /proc/PID/stat, in clock ticks): the work the
# files cost, whatever else the machine was doing meanwhile.
ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
cpu=$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)
kill -TERM "$pid"
wait "$pid" || true

outputs=$(find "$work/out" -type f | wc -l)
rows=$("$bin" status --config "$work/watch.conf" --json | grep -c '"state"' || true)
seconds=$(echo "$end - $start" | bc -l)
printf 'files: %d, workers: %d\n' "$count" "$workers"
printf 'all done in %.1f s: %.2f files/s, %.1f s of video per second\n' "$seconds" \
    "$(echo "$count / $seconds" | bc -l)" "$(echo "$count / $seconds" | bc -l)"
printf 'outputs: %d, journal rows: %d (expected %d each)\n' "$outputs" "$rows" "$count"
printf 'daemon peak memory (VmHWM): %.1f MiB\n' "$(echo "$peak / 1024" | bc -l)"
printf 'daemon CPU time: %.1f s, %.2f s a file; load average at the end: %s\n' "$cpu" \
    "$(echo "$cpu / $count" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
[ "$outputs" -eq "$count" ] && [ "$rows" -eq "$count" ]
