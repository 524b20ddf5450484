import TestSupport

/// The clips the MediaIO tests read (their sine is 1 kHz; the end-to-end tests' is 440 Hz).
extension Clip {
    static let h264AAC = Clip(
        id: "H.264+AAC in MP4", fileName: "clip.mp4",
        steps: [testPattern() + sine(hertz: 1000) + x264 + ["-g", "25", "-c:a", "aac", "clip.mp4"]])

    static let vp9Opus = Clip(
        id: "VP9+Opus in WebM", fileName: "clip.webm",
        steps: [
            testPattern() + sine(hertz: 1000)
                + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-c:a", "libopus"]
                + ["clip.webm"]
        ])

    static let mpeg2PS = Clip(
        id: "MPEG-2+MP2 in MPEG-PS", fileName: "clip.mpg",
        steps: [
            testPattern() + sine(hertz: 1000)
                + ["-c:v", "mpeg2video", "-q:v", "4", "-c:a", "mp2", "-f", "mpeg", "clip.mpg"]
        ])

    static let surround = Clip(
        id: "5.1 AAC at 44.1 kHz", fileName: "clip.mp4",
        steps: [
            testPattern() + sine(hertz: 1000, rate: 44_100)
                + [
                    "-filter_complex", "[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]", "-map", "0:v", "-map",
                    "[a]",
                ]
                + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    static let silentWide = Clip(
        id: "640x360 without audio", fileName: "clip.mp4", steps: [testPattern(size: "640x360") + x264 + ["clip.mp4"]])

    /// The `rotate` tag on a stream copy is how ffmpeg 5.1 writes a display matrix.
    static let rotated = Clip(
        id: "rotate tag 90", fileName: "clip.mp4",
        steps: [
            testPattern() + x264 + ["upright.mp4"],
            ["-i", "upright.mp4", "-c", "copy", "-metadata:s:v", "rotate=90", "clip.mp4"],
        ])

    /// B-frames and timestamps that start at 0.5 s (an edit list in MP4).
    static let bFramesWithOffset = Clip(
        id: "B-frames, start 0.5 s", fileName: "clip.mp4",
        steps: [
            testPattern() + sine(hertz: 1000)
                + ["-c:v", "libx264", "-preset", "fast", "-bf", "3", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac"]
                + ["-output_ts_offset", "0.5", "clip.mp4"]
        ])

    static let subtitles = """
        1
        00:00:00,500 --> 00:00:01,800
        Hello from the harbour

        2
        00:00:02,200 --> 00:00:03,500
        The <i>storm</i> is coming

        """

    static let movText = Clip(
        id: "mov_text in MP4", fileName: "clip.mp4", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + ["-i", "subs.srt", "-map", "0", "-map", "1"] + x264 + ["-c:s", "mov_text", "clip.mp4"]
        ])

    static let srtInMatroska = Clip(
        id: "SRT in MKV", fileName: "clip.mkv", textFiles: ["subs.srt": subtitles],
        steps: [testPattern() + ["-i", "subs.srt", "-map", "0", "-map", "1"] + x264 + ["-c:s", "srt", "clip.mkv"]])

    static let movTextWithOffset = Clip(
        id: "mov_text in MP4 starting at 0.5 s", fileName: "clip.mp4", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + ["-i", "subs.srt", "-map", "0", "-map", "1"] + x264
                + ["-c:s", "mov_text", "-output_ts_offset", "0.5", "clip.mp4"]
        ])

    // Clicks: silence with one click, to see where decoded audio lands against the video.

    static let clickInMP4 = Clip(
        id: "click at 1.5 s, MP4", fileName: "clip.mp4",
        steps: [testPattern() + click(at: 1.5) + x264 + ["-c:a", "aac", "clip.mp4"]])

    static let clickWithOffset = Clip(
        id: "click at 1.5 s, MP4 with B-frames starting at 0.5 s", fileName: "clip.mp4",
        steps: [
            testPattern() + click(at: 1.5)
                + ["-c:v", "libx264", "-preset", "fast", "-bf", "3", "-pix_fmt", "yuv420p", "-c:a", "aac"]
                + ["-output_ts_offset", "0.5", "clip.mp4"]
        ])

    /// The audio starts 0.3 s after the video, so the click is at 1.8 s on the video's clock.
    static let clickDelayed = Clip(
        id: "click at 1.5 s in audio that starts 0.3 s late, MP4", fileName: "clip.mp4",
        steps: [
            testPattern() + ["-itsoffset", "0.3"] + click(at: 1.5) + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    static let clickInMPEGTS = Clip(
        id: "click at 1.5 s, MP2 in MPEG-TS", fileName: "clip.ts",
        steps: [testPattern() + click(at: 1.5) + ["-c:v", "mpeg2video", "-q:v", "4", "-c:a", "mp2", "clip.ts"]])

    static let clickIn44kHzMatroska = Clip(
        id: "click at 1.5 s, 44.1 kHz FLAC in MKV", fileName: "clip.mkv",
        steps: [testPattern() + click(at: 1.5, rate: 44_100) + x264 + ["-c:a", "flac", "clip.mkv"]])
}
