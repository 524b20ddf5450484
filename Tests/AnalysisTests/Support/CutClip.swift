import Foundation
import TestSupport
import Testing

/// A generated video with known scene changes, made by ffmpeg's lavfi sources.
struct CutClip: Sendable, CustomTestStringConvertible {
    var name: String
    /// ffmpeg arguments after `-v error -y`, without the output file.
    var arguments: [String]
    var fileExtension = "mp4"
    var truth: [Double]
    /// How far a found cut may be from the truth, in seconds: 0.1, or for dissolves a quarter of
    /// the shortest blend (the cut of a blend is anywhere a viewer sees the change).
    var tolerance = 0.1

    var testDescription: String { name }

    static let size = "160x90"
    static let rate = 25

    /// A lavfi source of `frames` frames, labelled `label`.
    static func source(_ kind: String, frames: Int, label: String) -> String {
        let seconds = String(format: "%.2f", Double(frames) / Double(rate))
        let common = "s=\(size):r=\(rate)"
        let body: String
        switch kind {
        case "testsrc2": body = "testsrc2=\(common):d=\(seconds)"
        case "mandelbrot": body = "mandelbrot=\(common),trim=duration=\(seconds)"
        case "cellauto": body = "cellauto=\(common):rule=110:seed=7,trim=duration=\(seconds)"
        case "life": body = "life=\(common):mold=10:life_color=#00ff00:death_color=#aa0000:seed=7,trim=duration=\(seconds)"
        case "gradients": body = "gradients=\(common):speed=0.05:seed=7,trim=duration=\(seconds)"
        case "smptebars": body = "smptebars=\(common):d=\(seconds)"
        case "noise": body = "color=c=gray:\(common):d=\(seconds),noise=alls=60:allf=t:all_seed=7"
        default:  // a coloured background with a test pattern moving across it
            body = "color=c=navy:\(common):d=\(seconds)[bg\(label)];testsrc=s=40x40:r=\(rate):d=\(seconds)[fg\(label)];"
                + "[bg\(label)][fg\(label)]overlay=x='t*60':y='20+15*sin(t*3)'"
        }
        return body + ",format=yuv420p,setsar=1,setpts=PTS-STARTPTS[\(label)]"
    }

    /// Shots of the given kinds and lengths (frames) joined by hard cuts; odd lengths put most
    /// cuts on B-frames.
    static func hardCuts(_ shots: [(String, Int)], name: String, codec: [String], fileExtension: String = "mp4") -> CutClip {
        var graph = "", labels = "", truth: [Double] = [], frame = 0
        for (index, shot) in shots.enumerated() {
            graph += source(shot.0, frames: shot.1, label: "s\(index)") + ";"
            labels += "[s\(index)]"
            if index > 0 { truth.append(Double(frame) / Double(rate)) }
            frame += shot.1
        }
        graph += "\(labels)concat=n=\(shots.count):v=1:a=0[v]"
        return CutClip(
            name: name, arguments: ["-filter_complex", graph, "-map", "[v]"] + codec, fileExtension: fileExtension,
            truth: truth)
    }

    static let varied: [(String, Int)] = [
        ("testsrc2", 43), ("mandelbrot", 51), ("cellauto", 39), ("life", 47), ("gradients", 41), ("smptebars", 37),
        ("box", 53), ("noise", 45), ("testsrc2", 35),
    ]

    static let all: [CutClip] = [
        hardCuts(varied, name: "varied sources, x264 with scene-cut I-frames", codec: ["-c:v", "libx264", "-preset", "veryfast"]),
        hardCuts(
            varied, name: "fixed GOP MPEG-2 (-g 12 -bf 2)", codec: ["-c:v", "mpeg2video", "-g", "12", "-bf", "2", "-q:v", "4"],
            fileExtension: "mpg"),
        hardCuts(
            varied, name: "fixed GOP x264 ultrafast (-g 50, no scene-cut)",
            codec: ["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-sc_threshold", "0"]),
        hardCuts(
            varied, name: "fixed GOP x264 with B-frames (-g 50 -bf 3, no scene-cut)",
            codec: ["-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "3", "-sc_threshold", "0", "-b-pyramid", "none"]),
        flashes, motion, fades, dissolves(seed: 1), dissolves(seed: 16), dissolves(seed: 34),
    ]

    /// White flashes of one to four frames and a half-second brightening, none a cut.
    static let flashes = CutClip(
        name: "flashes are not cuts",
        arguments: [
            "-filter_complex",
            "testsrc2=s=\(size):r=\(rate):d=4.04,drawbox=c=white:t=fill:enable='between(n,25,26)+between(n,62,62)+between(n,80,83)'[a];"
                + "mandelbrot=s=\(size):r=\(rate),trim=duration=3,setpts=PTS-STARTPTS,eq=brightness=0.6:enable='between(t,1.0,1.12)'[b];"
                + "[a][b]concat=n=2:v=1:a=0,format=yuv420p[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast",
        ],
        truth: [4.04])

    /// A fast pan, a zoom and shaky hand-held motion over big still images, cut between them.
    static let motion = CutClip(
        name: "pans, zooms and shake are not cuts",
        arguments: [
            "-f", "lavfi", "-i", "mandelbrot=s=1280x720:start_scale=1.5,trim=end_frame=1,loop=loop=-1:size=1,fps=\(rate)",
            "-f", "lavfi", "-i", "testsrc2=s=1280x720:d=0.04,loop=loop=-1:size=1,fps=\(rate)",
            "-f", "lavfi", "-i", "cellauto=s=1280x720:rule=30,trim=start_frame=300:end_frame=301,setpts=PTS-STARTPTS,loop=loop=-1:size=1,fps=\(rate)",
            "-filter_complex",
            "[0]crop=480:270:x='min(800,t*260)':y='100+60*sin(t*2)',scale=\(size),trim=duration=3.08,setpts=PTS-STARTPTS[a];"
                + "[1]zoompan=z='1+0.02*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=\(size):fps=\(rate),trim=duration=2.96,setpts=PTS-STARTPTS[b];"
                + "[2]crop=480:270:x='400+150*sin(t*19)':y='200+120*sin(t*13)',scale=\(size),trim=duration=3,setpts=PTS-STARTPTS[c];"
                + "[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast",
        ],
        truth: [3.08, 6.04])

    /// Fade out and in (cut where the two meet), fade out, black, fade in (cut in the middle
    /// of the black), then a hard cut.
    static let fades = CutClip(
        name: "fades through black",
        arguments: [
            "-filter_complex",
            "testsrc2=s=\(size):r=\(rate):d=3,fade=t=out:st=2.4:d=0.6[a];"
                + "mandelbrot=s=\(size):r=\(rate),trim=duration=3,setpts=PTS-STARTPTS,fade=t=in:st=0:d=0.6,fade=t=out:st=2.6:d=0.4[b];"
                + "color=c=black:s=\(size):r=\(rate):d=0.4[k];"
                + "cellauto=s=\(size):r=\(rate):rule=110,trim=duration=2.5,setpts=PTS-STARTPTS,fade=t=in:st=0:d=0.5[c];"
                + "smptebars=s=\(size):r=\(rate):d=2.0[d];"
                + "[a][b][k][c][d]concat=n=5:v=1:a=0,format=yuv420p[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast",
        ],
        truth: [3.0, 6.2, 8.9])

    /// Cross-dissolves of 1.0, 0.6 and 0.8 s: the cut is the middle of each, within a quarter of
    /// the shortest blend (runs placed the third at 6.84-6.88 s, early in its 6.6-7.4 s blend, and
    /// at 7.0). The sources' random patterns are seeded so that every run sees the same clip:
    /// `life` by its seed, the gradient by colours and a line drawn from the seed here, since
    /// FFmpeg 5.1's `gradients` ignores its own seed (its random colours once made the second
    /// dissolve too faint to see in about half the runs). With seed 16 the gradient between the
    /// second and third dissolve drifts so that it looks like a weak blend overlapping both.
    static func dissolves(seed: Int) -> CutClip {
        let gradient = gradientOptions(seed: seed)
        return CutClip(
            name: "dissolves (seed \(seed))",
            arguments: [
                "-filter_complex",
                "testsrc2=s=\(size):r=\(rate):d=3,format=yuv420p[a];"
                    + "life=s=\(size):r=\(rate):mold=10:life_color=#ffcc00:seed=\(seed),trim=duration=3,setpts=PTS-STARTPTS,format=yuv420p[b];"
                    + "gradients=s=\(size):r=\(rate):speed=0.03:\(gradient),trim=duration=3,setpts=PTS-STARTPTS,format=yuv420p[c];"
                    + "smptebars=s=\(size):r=\(rate):d=2.5,format=yuv420p[d];"
                    + "[a][b]xfade=transition=fade:duration=1.0:offset=2.0[ab];[ab][c]xfade=transition=fade:duration=0.6:offset=4.4[abc];"
                    + "[abc][d]xfade=transition=dissolve:duration=0.8:offset=6.6[v]",
                "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast",
            ],
            truth: [2.5, 4.7, 7.0], tolerance: 0.6 / 4)
    }

    /// Two colours and a gradient line for `gradients`, the same for the same seed.
    static func gradientOptions(seed: Int) -> String {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let colours = (0..<2).map { _ in String(format: "0x%06x", next(0x100_0000)) }
        return "c0=\(colours[0]):c1=\(colours[1]):x0=\(next(160)):y0=\(next(90)):x1=\(next(160)):y1=\(next(90))"
    }

    /// Makes the clip (once per run) and returns its path.
    func make() throws -> String {
        let slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let fileName = slug + "." + fileExtension
        return try Clip(id: name, fileName: fileName, steps: [arguments + [fileName]]).urlBlocking().path
    }
}
