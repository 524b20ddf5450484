#!/usr/bin/env python3
"""style_check.py RUNDIR [--min-accuracy 0.95] [--summary-clip trailer_bbb]

Are the six styles told apart by their notes? Reads the music-profile figures that
scripts/style-check.sh left in RUNDIR (one CLIP.STYLE.sSEED.profile.json per run: the last stdout
line of `music-profile OUT.mid --report OUT.json`), turns each run into a feature vector, and
classifies every run by the nearest style centroid of all the other runs (leave-one-out). Prints
the accuracy and the confusion matrix three times: with every feature standardised per clip (the
issue's check, which the exit code follows: a calm clip and a driven one differ more than two
styles on one clip, so each feature is first put on the scale of its own clip's runs, all styles
and seeds, no labels used), with the notes alone (no GM programs), which says how much of the
difference is only the instruments, and with every feature on one scale over all clips.
Exit 1 when the per-clip accuracy is below --min-accuracy.

Features (each standardised over the training runs of the fold, so every figure counts alike):
  per role (melody, chords, bass; a role a style lacks is zeros): onsets per beat, share held a
      whole bar, log median length in beats, rhythm variety, notes per second, pitch centre,
      velocity spread;
  the other pitched parts (counter-melody, pad, arpeggio, ...): how many, their onsets per beat
      summed, their mean held-bar share;
  the whole: pitched parts, pitched onsets per beat summed, the busiest part's onsets per beat,
      held-bar share over all pitched notes, parts sounding per beat, drum hits per beat, notes
      per second, log tempo, melody steps and motif recurrence, chord voice movement,
      drum kit present;
  programs: for each of the 16 General MIDI families (piano, chromatic percussion, organ,
      guitar, bass, strings, ensemble, brass, reed, pipe, synth lead, synth pad, synth effects,
      ethnic, percussive, sound effects) whether a pitched part uses it.
Plain Python 3, no packages needed.
"""
import argparse
import glob
import json
import math
import os
import statistics
import sys

STYLES = ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"]
FAMILIES = ["piano", "chrom.perc", "organ", "guitar", "bass", "strings", "ensemble", "brass",
            "reed", "pipe", "synth lead", "synth pad", "synth fx", "ethnic", "percussive", "sfx"]
ROLES = {"melody": ("melody", "lead", "tune"), "chords": ("chord", "comp", "harmony"), "bass": ("bass",)}


def role_of(part):
    name = (part.get("name") or "").lower()
    if part.get("drums"):
        return "drums"
    for role, keys in ROLES.items():
        if any(name.startswith(k) or k in name.split() for k in keys):
            return role
    return "other"


def features(profile):
    """(names, values) for one run; the notes-only names are those without the 'prog:' prefix."""
    parts = profile.get("parts", [])
    pitched = [p for p in parts if not p.get("drums")]
    drums = [p for p in parts if p.get("drums")]
    f = {}
    by_role = {}
    for p in pitched:
        by_role.setdefault(role_of(p), []).append(p)
    for role in ROLES:
        ps = by_role.get(role, [])
        p = max(ps, key=lambda x: x["notes"]) if ps else None
        f[f"{role}:onsets/beat"] = p["onsets_per_beat"] if p else 0.0
        f[f"{role}:held-bar"] = p["held_bar_share"] if p else 0.0
        f[f"{role}:log-median-beats"] = math.log(max(p["median_beats"], 1 / 12)) if p else 0.0
        f[f"{role}:rhythm-variety"] = p["rhythm_variety"] if p else 0.0
        f[f"{role}:notes/s"] = p["notes_per_s"] if p else 0.0
        f[f"{role}:pitch-centre"] = (sum(p["pitch_span"]) / 2 if p and p.get("pitch_span") else 0.0)
        vel = p.get("velocity_p5_p95") if p else None
        f[f"{role}:velocity-spread"] = (vel[1] - vel[0]) if vel and None not in vel else 0.0
    others = by_role.get("other", [])
    f["other:parts"] = len(others)
    f["other:onsets/beat"] = sum(p["onsets_per_beat"] for p in others)
    f["other:held-bar"] = statistics.mean(p["held_bar_share"] for p in others) if others else 0.0
    f["pitched-parts"] = len(pitched)
    f["pitched-onsets/beat"] = sum(p["onsets_per_beat"] for p in pitched)
    f["busiest-part-onsets/beat"] = max((p["onsets_per_beat"] for p in pitched), default=0.0)
    notes = sum(p["notes"] for p in pitched)
    f["held-bar-all"] = sum(p["held_bar_share"] * p["notes"] for p in pitched) / notes if notes else 0.0
    tx = profile.get("texture", {})
    f["parts-sounding/beat"] = tx.get("pitched_parts_sounding_per_beat") or 0.0
    f["drum-hits/beat"] = tx.get("drum_hits_per_beat") or 0.0
    f["notes/s"] = tx.get("notes_per_s") or 0.0
    f["kit"] = 1.0 if drums else 0.0
    bpm = (profile.get("tempo") or {}).get("bpm_range")
    f["log-tempo"] = math.log(sum(bpm) / 2) if bpm else 0.0
    mel = profile.get("melody") or {}
    f["melody-steps"] = mel.get("step_share") or 0.0
    f["motif-recurrence"] = mel.get("motif_recurrence") or 0.0
    har = profile.get("harmony") or {}
    f["voice-move"] = har.get("mean_voice_move") or 0.0
    fams = {p["program"] // 8 for p in pitched if p.get("program") is not None}
    for i, fam in enumerate(FAMILIES):
        f[f"prog:{fam}"] = 1.0 if i in fams else 0.0
    return f


def load(rundir, clips=None):
    runs = []
    for path in sorted(glob.glob(os.path.join(rundir, "*.profile.json"))):
        base = os.path.basename(path)[: -len(".profile.json")]
        try:
            clip, style, seed = base.rsplit(".", 2)
        except ValueError:
            continue
        if style not in STYLES or (clips is not None and clip not in clips):
            continue
        with open(path, encoding="utf-8") as fh:
            profile = json.load(fh)
        if "parts" not in profile:
            print(f"{path}: no figures ({profile.get('error', 'unknown error')})", file=sys.stderr)
            continue
        runs.append(dict(clip=clip, style=style, seed=seed, f=features(profile)))
    return runs


def per_clip(runs, names):
    """The runs with each feature standardised over the runs of the same clip (all styles and
    seeds; no labels used), so that what a style does differently from the others on the same
    footage counts, not how calm or driven the footage is."""
    out = []
    for r in runs:
        same = [q["f"] for q in runs if q["clip"] == r["clip"]]
        f = {}
        for n in names:
            xs = [q[n] for q in same]
            m, s = statistics.fmean(xs), statistics.pstdev(xs)
            f[n] = (r["f"][n] - m) / s if s > 1e-9 else 0.0
        out.append(dict(r, f=f))
    return out


def classify(runs, names):
    """Leave-one-out nearest centroid; returns the confusion matrix (true x predicted)."""
    conf = [[0] * len(STYLES) for _ in STYLES]
    for i, held in enumerate(runs):
        train = [r for j, r in enumerate(runs) if j != i]
        keep, mean, sd = [], {}, {}
        for n in names:
            xs = [r["f"][n] for r in train]
            m = statistics.fmean(xs)
            s = statistics.pstdev(xs)
            if s > 1e-9:
                keep.append(n)
                mean[n], sd[n] = m, s

        def z(r):
            return [(r["f"][n] - mean[n]) / sd[n] for n in keep]
        centroids = {}
        for style in STYLES:
            members = [z(r) for r in train if r["style"] == style]
            if members:
                centroids[style] = [statistics.fmean(col) for col in zip(*members)]
        x = z(held)
        best = min(centroids, key=lambda s: sum((a - b) ** 2 for a, b in zip(x, centroids[s])))
        conf[STYLES.index(held["style"])][STYLES.index(best)] += 1
    return conf


def show(title, conf):
    total = sum(map(sum, conf))
    right = sum(conf[i][i] for i in range(len(STYLES)))
    acc = right / total if total else 0.0
    print(f"{title}: accuracy {acc:.3f} ({right}/{total})")
    print("  true \\ predicted " + " ".join(f"{s[:10]:>10}" for s in STYLES))
    for i, s in enumerate(STYLES):
        print(f"  {s:<17} " + " ".join(f"{c:>10}" for c in conf[i]))
    return acc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rundir")
    ap.add_argument("--min-accuracy", type=float, default=0.95)
    ap.add_argument("--clips", help="comma-separated clip names to classify (default: all in RUNDIR)")
    a = ap.parse_args()
    runs = load(a.rundir, set(a.clips.split(",")) if a.clips else None)
    if not runs:
        print(f"{a.rundir}: no runs to classify", file=sys.stderr)
        return 2
    names = sorted(runs[0]["f"])
    notes_only = [n for n in names if not n.startswith("prog:")]
    clips = sorted({r["clip"] for r in runs})
    print(f"{len(runs)} runs: {len(clips)} clips ({', '.join(clips)}) x "
          f"{len({r['seed'] for r in runs})} seeds x {len({r['style'] for r in runs})} styles; "
          f"{len(names)} features ({len(notes_only)} from the notes, {len(names) - len(notes_only)} programs)")
    centred = per_clip(runs, names)
    acc = show("all features, standardised per clip (the check)", classify(centred, names))
    acc_notes = show("notes alone (no programs), standardised per clip", classify(centred, notes_only))
    acc_global = show("all features, standardised over all clips", classify(runs, names))
    # A few figures per style, averaged over its runs, to see what sets them apart.
    print("per style, mean over runs: pitched onsets/beat, chords held-bar, drum hits/beat, notes/s, bpm")
    for s in STYLES:
        rs = [r["f"] for r in runs if r["style"] == s]
        if rs:
            print(f"  {s:<11} {statistics.fmean(r['pitched-onsets/beat'] for r in rs):5.2f}  "
                  f"{statistics.fmean(r['chords:held-bar'] for r in rs):5.2f}  "
                  f"{statistics.fmean(r['drum-hits/beat'] for r in rs):5.2f}  "
                  f"{statistics.fmean(r['notes/s'] for r in rs):5.2f}  "
                  f"{statistics.fmean(math.exp(r['log-tempo']) for r in rs):5.0f}")
    print(json.dumps(dict(runs=len(runs), accuracy=round(acc, 4), accuracy_notes_only=round(acc_notes, 4),
                          accuracy_global=round(acc_global, 4),
                          min_accuracy=a.min_accuracy, passed=acc >= a.min_accuracy)))
    return 0 if acc >= a.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
