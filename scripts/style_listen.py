#!/usr/bin/env python3
"""style_listen.py DIR: does an independent listener hear each style as itself?

Runs the pretrained musicnn taggers (Pons & Serra 2019; the PyPI package ships its weights:
MTT_musicnn, 50 MagnaTagATune tags, and MSD_musicnn, 50 Million Song Dataset tags) on every
DIR/STYLE.wav, averages each tag's likelihood over the piece, and prints the top tags of each model.
Each style gets a score per model: its best tag's likelihood over the model's top likelihood; the
style named is the one with the highest mean score over the models that have a tag for it
(MagnaTagATune has piano and strings tags, the Million Song Dataset neither). Recognised means the style
named is the style rendered. Exit 0 always (it describes); the last line is JSON.
"""
import json
import os
import sys

STYLES = ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"]
# Tags (lower case) that name each style, from both models' vocabularies.
STYLE_TAGS = {
    "electronic": ["electronic", "techno", "synth", "dance", "electro", "house", "electronica"],
    "piano": ["piano", "harpsichord"],
    "lofi": ["chillout", "chill", "hip-hop", "jazz", "mellow", "beats"],
    "folk": ["folk", "acoustic", "guitar", "country"],
    "cinematic": ["strings", "classical", "classic", "orchestral", "choir", "choral", "cello", "violin"],
    "ambient": ["ambient", "new age", "quiet", "slow"],
}
MODELS = ["MTT_musicnn", "MSD_musicnn"]


def main():
    folder = sys.argv[1]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings
    warnings.filterwarnings("ignore")
    from musicnn.extractor import extractor

    results = {}
    for style in STYLES:
        wav = os.path.join(folder, f"{style}.wav")
        if not os.path.exists(wav):
            continue
        per_model = {}
        for model in MODELS:
            taggram, tags = extractor(wav, model=model, extract_features=False, input_overlap=False)
            means = taggram.mean(axis=0)
            ranked = sorted(zip(tags, means), key=lambda x: -x[1])
            top = float(ranked[0][1])
            lookup = {t.lower(): float(p) for t, p in zip(tags, means)}
            # None where the model has no word for the style (MSD has no piano or strings tags).
            scores = {s: (max(lookup[t] for t in ts if t in lookup) / top if any(t in lookup for t in ts) else None)
                      for s, ts in STYLE_TAGS.items()}
            per_model[model] = dict(top=[(t, round(float(p), 3)) for t, p in ranked[:6]], scores=scores)
        mean_scores = {}
        for s in STYLES:
            vals = [per_model[m]["scores"][s] for m in MODELS if per_model[m]["scores"][s] is not None]
            mean_scores[s] = sum(vals) / len(vals) if vals else 0.0
        named = max(mean_scores, key=mean_scores.get)
        results[style] = dict(named=named, recognised=named == style,
                              scores={s: round(v, 3) for s, v in mean_scores.items()},
                              top={m: per_model[m]["top"] for m in MODELS})
        print(f"{style:<11} heard as {named:<11} {'RECOGNISED' if named == style else 'not recognised'}")
        for m in MODELS:
            print(f"    {m:<12} " + ", ".join(f"{t} {p:.2f}" for t, p in per_model[m]["top"]))
        print("    style scores " + ", ".join(f"{s} {v:.2f}" for s, v in sorted(mean_scores.items(), key=lambda x: -x[1])))
    right = sum(r["recognised"] for r in results.values())
    print(f"recognised {right} of {len(results)}")
    print(json.dumps(dict(recognised=right, styles=len(results), results=results)))


if __name__ == "__main__":
    main()
