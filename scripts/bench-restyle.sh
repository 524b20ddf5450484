#!/usr/bin/env bash
# Speed and fidelity of re-styling a 4-minute MIDI song (docs/restyle.md), in one run: the song
# is made by soundtrack itself (music from words, 240 s: a melody part, drums, tempo changes),
# then analysed and re-styled to .mid (analysis and arrangement alone) and to .m4a (rendered,
# loudness-controlled, encoded), each timed against the song's length, with peak memory; and the
# melody kept and the chord agreement measured by analysing the re-styled file again. Then the
# same for a recording: the song rendered to MP3, heard (beats, key, chords, melody, form) and
# re-styled to .mid and .m4a, each timed against its length; the bars and tempo heard are
# printed beside the written ones.
#
#   scripts/bench-restyle.sh [STYLE]     (default: folk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOUNDTRACK_BIN:-.build/release/soundtrack}
style=${1:-folk}
work=$(mktemp -d "${TMPDIR:-/tmp}/soundtrack-bench-restyle.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }

"$bin" --prompt "a bright market morning, then a chase" --duration 240 -o "$work/song.mid" -q >/dev/null
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || {
        cat "$work/stderr" >&2; return 1; }
    cat "$work/time"
}
printf '%-28s %9s %9s %9s\n' run seconds "x real" "peak MB"
for run in analyze mid m4a; do
    case $run in
        analyze) read -r seconds peak < <(measure "$bin" analyze "$work/song.mid") ;;
        mid) read -r seconds peak < <(measure "$bin" "$work/song.mid" --style "$style" -o "$work/out.mid" -q) ;;
        m4a) read -r seconds peak < <(measure "$bin" "$work/song.mid" --style "$style" -o "$work/out.m4a" -q) ;;
    esac
    printf '%-28s %9.2f %9.0f %9.0f\n' "$run ($style)" "$seconds" "$(echo "240 / ($seconds + 0.001)" | bc -l)" \
        "$((peak / 1024))"
done
"$bin" "$work/song.mid" --style piano -o "$work/song.mp3" -q >/dev/null
length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/song.mp3")
for run in "analyze mp3" "mp3 -> mid" "mp3 -> m4a"; do
    case $run in
        "analyze mp3") read -r seconds peak < <(measure "$bin" analyze "$work/song.mp3") ;;
        "mp3 -> mid") read -r seconds peak < <(measure "$bin" "$work/song.mp3" --style "$style" -o "$work/heard.mid" -q) ;;
        "mp3 -> m4a") read -r seconds peak < <(measure "$bin" "$work/song.mp3" --style "$style" -o "$work/heard.m4a" -q) ;;
    esac
    printf '%-28s %9.2f %9.0f %9.0f\n' "$run ($style)" "$seconds" "$(echo "$length / ($seconds + 0.001)" | bc -l)" \
        "$((peak / 1024))"
done
"$bin" analyze "$work/song.mp3" >"$work/heard.json"
"$bin" analyze "$work/song.mid" >"$work/a.json"
python3 - "$work/a.json" "$work/heard.json" <<'PY'
import json, statistics, sys
a, h = (json.load(open(p)) for p in sys.argv[1:3])
median = lambda d: statistics.median(t["bpm"] for t in d["tempoMap"])
print(f"recording: {h['duration']:.1f} s; bars written {a['bars']}, heard {h['bars']}; median tempo written "
      f"{median(a):.1f}, heard {median(h):.1f} bpm; key {a['key']['name']} -> {h['key']['name']}; "
      f"{len(h['chords'])} chords, {len(h['melody']['notes'])} melody notes, {len(h['sections'])} sections heard")
PY
"$bin" analyze "$work/out.mid" >"$work/b.json"
python3 - "$work/a.json" "$work/b.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def triad(name):
    for suffix, keep in (("maj7", ""), ("m7", "m"), ("7", "")):
        if name.endswith(suffix):
            return name[: -len(suffix)] + keep
    return name
def chord_at(d, t):
    found = [c for c in d["chords"] if c["start"] <= t + 1e-6]
    return triad(found[-1]["chord"]) if found else None
agree = sum(chord_at(a, c["start"]) == chord_at(b, c["start"]) for c in a["chords"])
melody = lambda d: {(round(n["time"], 3), n["pitch"]) for n in d["melody"]["notes"]}
source, kept = melody(a), melody(a) & melody(b)
print(f"bars {a['bars']} -> {b['bars']}; tempo map kept: {a['tempoMap'] == b['tempoMap']}; key {a['key']['name']} -> {b['key']['name']}")
print(f"melody kept {len(kept)}/{len(source)} ({100 * len(kept) / max(1, len(source)):.1f} %); "
      f"chords agreeing {agree}/{len(a['chords'])} ({100 * agree / max(1, len(a['chords'])):.1f} %)")
PY
