#!/usr/bin/env bash
# Does a busy status page slow the daemon's jobs? The daemon (one worker, status page on)
# soundtracks the same clip several times in turn, alternating: a job left alone, then a job
# while 1000 requests hit the status server (/, /jobs.json, /metrics, /healthz, from 8
# keep-alive connections, as fast as it answers). The journal's own job times are compared:
# the ratio of the median flooded job to the median quiet one (1.00 = no slowdown; the goal is
# at most 1.05). The flood is timed too. The machine is shared, so runs alternate and medians
# are used. As wall times on a shared machine are noisy, CPU time is compared as well: what the
# daemon spends serving 1000 requests with no job running, against what one quiet job costs it
# (their sum over the job's alone bounds the slowdown when every core is busy).
#
#   scripts/bench-status.sh [PAIRS] [SECONDS]    (default: 3 pairs of a 60-second clip)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
pairs=${1:-3}
seconds=${2:-60}
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench-status.XXXXXX")
daemon=""
cleanup() {
    if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/in" "$work/out" "$work/failed"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$seconds" \
    -f lavfi -i "sine=frequency=330:duration=$seconds" -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac -shortest "$work/clip.mp4"
cat >"$work/watch.conf" <<CONF
[daemon]
journal = "$work/journal.sqlite"
settle_seconds = 0.5
listen = "127.0.0.1:$port"

[[watch]]
input = "$work/in"
output = "$work/out"
failed = "$work/failed"
CONF

"$bin" daemon --config "$work/watch.conf" -q 2>"$work/daemon.log" &
daemon=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.2
done

# The state of job NAME in the journal, and its seconds once done.
state() {
    "$bin" status --config "$work/watch.conf" --json | python3 -c '
import json, sys
jobs = [j for j in json.load(sys.stdin)["jobs"] if j["path"].endswith("/" + sys.argv[1])]
print(jobs[0]["state"] if jobs else "none", jobs[0].get("seconds") or 0 if jobs else 0)' "$1"
}

flood() {
    python3 - "$port" <<'PY'
import http.client, sys, threading, time
port = int(sys.argv[1])
paths = ["/", "/jobs.json", "/metrics", "/healthz"]
failures = []
def client(index):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for n in range(125):
        connection.request("GET", paths[(index + n) % len(paths)])
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 503):
            failures.append(response.status)
start = time.monotonic()
threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(f"{time.monotonic() - start:.2f}", len(failures))
PY
}

run() {  # run NAME FLOOD: drop the clip as NAME, flood while it runs if asked; print its seconds
    cp "$work/clip.mp4" "$work/in/.$1.part" && mv "$work/in/.$1.part" "$work/in/$1"
    until [ "$(state "$1" | cut -d' ' -f1)" = running ]; do sleep 0.1; done
    if [ "$2" = yes ]; then flood >"$work/flood-$1"; fi
    until [ "$(state "$1" | cut -d' ' -f1)" = done ]; do sleep 0.2; done
    state "$1" | cut -d' ' -f2
}

# CPU seconds (user + system) the daemon has used so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f\n", ($14 + $15) / hz }' "/proc/$daemon/stat"; }

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

before=$(cpu); flood >"$work/idle-flood"; idle_flood_cpu=$(awk -v a="$before" -v b="$(cpu)" 'BEGIN { print b - a }')
before=$(cpu); run "cpu-probe.mp4" no >/dev/null; job_cpu=$(awk -v a="$before" -v b="$(cpu)" 'BEGIN { print b - a }')

for pair in $(seq "$pairs"); do
    run "quiet-$pair.mp4" no >>"$work/quiet"
    run "flooded-$pair.mp4" yes >>"$work/flooded"
done
quiet=$(median <"$work/quiet")
flooded=$(median <"$work/flooded")
floods=$(cat "$work"/flood-* | awk '{ t += $1; f += $2 } END { printf "%.2f s per 1000 requests on average, %d failed", t / NR, f }')
echo "quiet jobs (s):   $(tr '\n' ' ' <"$work/quiet")"
echo "flooded jobs (s): $(tr '\n' ' ' <"$work/flooded")"
echo "flood: $floods"
awk -v j="$job_cpu" -v f="$idle_flood_cpu" 'BEGIN { printf "daemon CPU: %.2f s for one quiet job, %.2f s to serve 1000 requests alone; bound %.3f\n", j, f, (j + f) / j }'
awk -v q="$quiet" -v f="$flooded" 'BEGIN { printf "median job: %.2f s quiet, %.2f s flooded; ratio %.3f (goal: at most 1.05)\n", q, f, f / q }'
