#!/usr/bin/env python3
"""soundfont_compare.py: the figures behind scripts/soundfont-compare.sh.

  soundfont_compare.py presets FONT          every preset of an SF2/SF3 file: bank, program, name
  soundfont_compare.py cpu FONT MIDI SECONDS  CPU s to load FONT, x real time per CPU s rendering MIDI
  soundfont_compare.py spectrogram WAV PNG   a log-frequency spectrogram picture
  soundfont_compare.py table RUNDIR FONT...  compares the renders in RUNDIR (FONTNAME.STYLE/ with
                                             mix.wav, report.json, score.mid, load.txt)

The preset list is read straight from the RIFF structure (pdta/phdr, 38-byte records), so it
works the same for .sf2 and the Ogg-compressed .sf3. The audio figures come from the 48 kHz
float mix the renderer writes before loudness control (--stems DIR/mix.wav):
  spectral centroid and 85 % rolloff of the mean power spectrum (4096-point Hann frames),
  energy shares below 150 Hz, 150 Hz-2 kHz, 2-6 kHz and above 6 kHz,
  crest factor (true sample peak over RMS, dB), loudness range (EBU R128 LRA, ffmpeg's ebur128),
  and the render speed: the video's length over the report's "rendering" time.
Needs numpy (the shell script puts it in a venv).
"""
import json
import os
import re
import struct
import subprocess
import sys

GM_FAMILIES = ["piano", "chrom.perc", "organ", "guitar", "bass", "strings", "ensemble", "brass",
               "reed", "pipe", "synth lead", "synth pad", "synth fx", "ethnic", "percussive", "sfx"]


def presets(path):
    """[(bank, program, name)] from the font's phdr chunk (the terminal EOP record dropped)."""
    with open(path, "rb") as fh:
        riff, _size, kind = struct.unpack("<4sI4s", fh.read(12))
        if riff != b"RIFF" or kind != b"sfbk":
            raise ValueError(f"{path}: not a SoundFont (RIFF sfbk)")
        while True:
            head = fh.read(8)
            if len(head) < 8:
                raise ValueError(f"{path}: no pdta list")
            cid, size = struct.unpack("<4sI", head)
            if cid == b"LIST" and fh.read(4) == b"pdta":
                end = fh.tell() + size - 4
                while fh.tell() < end:
                    sid, ssize = struct.unpack("<4sI", fh.read(8))
                    if sid == b"phdr":
                        data = fh.read(ssize)
                        out = []
                        for i in range(0, len(data) - 38, 38):  # the last record is EOP
                            name, program, bank = struct.unpack("<20sHH", data[i:i + 24])
                            out.append((bank, program, name.split(b"\0")[0].decode("latin-1").strip()))
                        return out
                    fh.seek(ssize, 1)
                raise ValueError(f"{path}: no phdr chunk")
            # No pad byte: MuseScore's sf3 writer leaves an odd-sized sdta unpadded, and every
            # list of a valid SF2 is even-sized anyway.
            fh.seek(size - (4 if cid == b"LIST" else 0), 1)


def midi_programs(path):
    """{(channel, program)} from the program changes of a Standard MIDI File."""
    data = open(path, "rb").read()
    pos = 14
    found = set()
    while pos + 8 <= len(data):
        cid, size = struct.unpack(">4sI", data[pos:pos + 8])
        pos += 8
        if cid == b"MTrk":
            i, end, status = pos, pos + size, 0
            while i < end:
                while data[i] & 0x80:  # delta time
                    i += 1
                i += 1
                b = data[i]
                if b & 0x80:
                    status = b
                    i += 1
                if status == 0xFF:
                    i += 1
                    n, shift = 0, 0
                    length = 0
                    while True:
                        c = data[i]
                        i += 1
                        length = (length << 7) | (c & 0x7F)
                        if not c & 0x80:
                            break
                    i += length
                elif status in (0xF0, 0xF7):
                    length = 0
                    while True:
                        c = data[i]
                        i += 1
                        length = (length << 7) | (c & 0x7F)
                        if not c & 0x80:
                            break
                    i += length
                else:
                    kind = status & 0xF0
                    if kind == 0xC0:
                        found.add((status & 0x0F, data[i]))
                    i += 1 if kind in (0xC0, 0xD0) else 2
        pos += size
    return found


def audio_figures(wav):
    import numpy as np
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", wav, "-ac", "1", "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    x = np.frombuffer(raw, dtype=np.float32).astype(np.float64)
    rate, n = 48000, 4096
    frames = len(x) // n
    win = np.hanning(n)
    spec = np.zeros(n // 2 + 1)
    for k in range(frames):
        spec += np.abs(np.fft.rfft(x[k * n:(k + 1) * n] * win)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / rate)
    total = spec.sum() or 1.0
    cum = np.cumsum(spec) / total

    def share(lo, hi):
        return float(spec[(freqs >= lo) & (freqs < hi)].sum() / total)
    rms = float(np.sqrt(np.mean(x ** 2))) or 1e-12
    peak = float(np.max(np.abs(x))) or 1e-12
    r128 = subprocess.run(["ffmpeg", "-nostats", "-i", wav, "-af", "ebur128", "-f", "null", "-"],
                          capture_output=True, text=True).stderr
    summary = r128[r128.rfind("Summary:"):]
    lra = re.search(r"LRA:\s+(-?[\d.]+)", summary)
    integrated = re.search(r"I:\s+(-?[\d.]+)", summary)
    return dict(centroid=float((spec * freqs).sum() / total), rolloff=float(freqs[np.searchsorted(cum, 0.85)]),
                low=share(0, 150), mid=share(150, 2000), presence=share(2000, 6000), air=share(6000, 24001),
                crest_db=20 * np.log10(peak / rms), lra=float(lra.group(1)) if lra else None,
                lufs=float(integrated.group(1)) if integrated else None)


def spectrogram(wav, png, width=1000, height=300):
    """A log-frequency spectrogram (40 Hz-20 kHz, 80 dB range, dark = quiet) as a greyscale PNG.
    ffmpeg's showspectrumpic took minutes per file on the busy test machine; this takes a second."""
    import zlib
    import numpy as np
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", wav, "-ac", "1", "-ar", "48000", "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    x = np.frombuffer(raw, dtype=np.float32).astype(np.float64)
    n = 4096
    hops = np.linspace(0, max(0, len(x) - n), width).astype(int)
    win = np.hanning(n)
    freqs = np.fft.rfftfreq(n, 1 / 48000)
    rows = np.geomspace(40, 20000, height)[::-1]
    idx = np.clip(np.searchsorted(freqs, rows), 0, len(freqs) - 1)
    img = np.zeros((height, width))
    for c, h in enumerate(hops):
        seg = x[h:h + n]
        if len(seg) < n:
            seg = np.pad(seg, (0, n - len(seg)))
        img[:, c] = np.abs(np.fft.rfft(seg * win))[idx]
    db = 20 * np.log10(img + 1e-9)
    db = np.clip((db - (db.max() - 80)) / 80, 0, 1)
    pixels = (db * 255).astype(np.uint8)
    rows_bytes = b"".join(b"\0" + pixels[r].tobytes() for r in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(png, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                 + chunk(b"IDAT", zlib.compress(rows_bytes, 6)) + chunk(b"IEND", b""))


def cpu_speed(font, midi, seconds):
    """CPU seconds FluidSynth's CLI spends loading FONT, and x real time per CPU second rendering
    MIDI (SECONDS long) with it: the same settings as bench-render.sh (48 kHz, chorus off).
    CPU time, unlike wall time, hardly changes with what else the machine is doing."""
    import resource
    import tempfile
    tiny = bytes.fromhex("4d546864000000060000000101e0"  # one track, 480 ticks per quarter
                         "4d54726b0000000d" "00903c40" "8360803c00" "00ff2f00")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tiny.mid")
        open(path, "wb").write(tiny)

        def cpu(m):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(["fluidsynth", "-ni", "-q", "-C", "0", "-R", "0", "-r", "48000",
                            "-F", os.path.join(tmp, "out.wav"), font, m],
                           stdin=subprocess.DEVNULL, capture_output=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        load = min(cpu(path) for _ in range(2))
        full = min(cpu(midi) for _ in range(2))
    # A font whose loading varies more than the rendering costs gives no figure.
    return load, (seconds / (full - load) if full - load > 0.05 else float("nan"))


def table(rundir, fonts):
    styles = ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"]
    rows, coverage = [], {}
    style_programs = {}
    for font in fonts:
        name = os.path.basename(font)
        have = presets(font)
        bank0 = {p for b, p, _ in have if b == 0}
        kits = sorted({p for b, p, _ in have if b == 128})
        coverage[name] = (len(bank0), kits, bank0)
        for style in styles:
            d = os.path.join(rundir, f"{name}.{style}")
            try:
                rep = json.load(open(os.path.join(d, "report.json")))
            except (OSError, ValueError):
                print(f"  {name} {style}: no render (see {d}/log.txt)", file=sys.stderr)
                continue
            style_programs.setdefault(style, midi_programs(os.path.join(d, "score.mid")))
            fig = audio_figures(os.path.join(d, "mix.wav"))
            t = rep.get("timings", {})
            fig.update(font=name, style=style, duration=rep.get("duration") or rep.get("input", {}).get("duration"),
                       rendering=t.get("rendering"), soundfont_lap=t.get("soundfont"))
            rows.append(fig)
    print("\nGM coverage: bank-0 melodic presets of 128, drum kits (bank 128), and the programs each style uses")
    for name, (count, kits, bank0) in coverage.items():
        print(f"  {name:<28} {count:3d}/128 melodic, kits {kits[:12]}{' ...' if len(kits) > 12 else ''}")
    for style in styles:
        progs = sorted(style_programs.get(style, set()))
        desc = ", ".join(f"ch{c + 1}:{'kit ' + str(p) if c == 9 else str(p) + ' (' + GM_FAMILIES[p // 8] + ')'}"
                         for c, p in progs)
        missing = [n for n, (_, kits, bank0) in coverage.items()
                   if any((p not in kits) if c == 9 else (p not in bank0) for c, p in progs)]
        print(f"  {style:<11} {desc}; missing in: {', '.join(missing) or 'none'}")
    print("\nper font and style (mix before loudness control)")
    print(f"  {'font':<28} {'style':<10} {'x real':>7} {'centroid':>8} {'rolloff':>7} {'<150':>5} {'.15-2k':>6} "
          f"{'2-6k':>5} {'>6k':>5} {'crest':>5} {'LRA':>5} {'LUFS':>6}")
    for r in rows:
        speed = r["duration"] / r["rendering"] if r.get("duration") and r.get("rendering") else float("nan")
        r["speed"] = speed
        print(f"  {r['font']:<28} {r['style']:<10} {speed:7.0f} {r['centroid']:8.0f} {r['rolloff']:7.0f} "
              f"{r['low']:5.2f} {r['mid']:6.2f} {r['presence']:5.3f} {r['air']:5.3f} {r['crest_db']:5.1f} "
              f"{r['lra'] if r['lra'] is not None else float('nan'):5.1f} "
              f"{r['lufs'] if r['lufs'] is not None else float('nan'):6.1f}")
    print("\nper font, over the styles. load s: FluidSynth CLI loading the font, wall clock; x real: median over the")
    print("  styles of the report's rendering stage, wall clock; cpu load, x/cpu s: FluidSynth CLI, CPU seconds; the rest: means")
    print(f"  {'font':<28} {'MB':>6} {'load s':>6} {'x real':>7} {'cpu load':>8} {'x/cpu s':>7} {'centroid':>8} "
          f"{'rolloff':>7} {'<150':>5} {'>6k':>6} {'crest':>5} {'LRA':>5}")
    summary = []
    # Means only over the styles every font rendered, so that the fonts are compared on the same scores.
    common = [st for st in styles if all(any(r["font"] == os.path.basename(f) and r["style"] == st for r in rows)
                                         for f in fonts)]
    print(f"  (styles rendered with every font: {', '.join(common) or 'none'})")
    for font in fonts:
        name = os.path.basename(font)
        rs = [r for r in rows if r["font"] == name and r["style"] in common]
        if not rs:
            continue
        speeds = sorted(r["speed"] for r in rs)
        load = open(os.path.join(rundir, f"{name}.load.txt")).read().strip() if os.path.exists(
            os.path.join(rundir, f"{name}.load.txt")) else "nan"

        def mean(k):
            vals = [r[k] for r in rs if r[k] is not None]
            return sum(vals) / len(vals) if vals else float("nan")
        cpu_file = os.path.join(rundir, f"{name}.cpu.txt")
        cpu_load, cpu_speed_ = (open(cpu_file).read().split() + ["nan", "nan"])[:2] if os.path.exists(cpu_file) else ("nan", "nan")
        s = dict(font=name, mb=os.path.getsize(font) / 1e6, load=float(load), speed=speeds[len(speeds) // 2],
                 cpu_load=float(cpu_load), cpu_speed=float(cpu_speed_),
                 centroid=mean("centroid"), rolloff=mean("rolloff"), low=mean("low"), air=mean("air"),
                 crest=mean("crest_db"), lra=mean("lra"))
        summary.append(s)
        print(f"  {name:<28} {s['mb']:6.0f} {s['load']:6.2f} {s['speed']:7.0f} {s['cpu_load']:8.2f} {s['cpu_speed']:7.0f} "
              f"{s['centroid']:8.0f} {s['rolloff']:7.0f} "
              f"{s['low']:5.2f} {s['air']:6.3f} {s['crest']:5.1f} {s['lra']:5.1f}")
    print(json.dumps(dict(fonts=summary, renders=len(rows))))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "presets":
        for bank, program, name in sorted(presets(sys.argv[2])):
            print(f"{bank:3d} {program:3d} {name}")
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "cpu":
        load, speed = cpu_speed(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        print(f"{load:.3f} {speed:.1f}")
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "spectrogram":
        spectrogram(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) >= 4 and sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
