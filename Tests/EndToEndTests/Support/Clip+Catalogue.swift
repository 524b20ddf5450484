import TestSupport

/// The clips the end-to-end tests copy into their folders (their sine is 440 Hz).
extension Clip {
    static let h264AAC = Clip(
        id: "H.264+AAC in MP4", fileName: "clip.mp4",
        steps: [testPattern() + sine() + x264 + ["-c:a", "aac", "clip.mp4"]])

    static let vp9Opus = Clip(
        id: "VP9+Opus in WebM", fileName: "clip.webm",
        steps: [
            testPattern() + sine()
                + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"]
                + ["-c:a", "libopus", "clip.webm"]
        ])

    static let mpeg2PS = Clip(
        id: "MPEG-2+MP2 in MPEG-PS", fileName: "clip.mpg",
        steps: [testPattern() + sine() + ["-c:v", "mpeg2video", "-q:v", "4", "-c:a", "mp2", "-f", "mpeg", "clip.mpg"]])

    /// A DVD's video: MPEG-2 with B-frames and AC-3 in a VOB, where a reference picture comes
    /// now and then without a presentation time (in this one, the picture decoded at 7.86 s).
    static let dvdVOB = Clip(
        id: "DVD MPEG-2 with B-frames and AC-3 in a VOB", fileName: "clip.vob",
        steps: [testPattern(size: "720x576", seconds: 8) + sine(seconds: 8) + ["-target", "pal-dvd", "-bf", "2", "clip.vob"]])

    /// A small JPEG picture to attach: the first step of the recipes below.
    static let coverPicture = ["-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1", "cover.jpg"]

    /// An MP4 with cover art (a JPEG stream marked as the attached picture).
    static let coverInMP4 = Clip(
        id: "H.264 and AAC in MP4 with cover art", fileName: "clip.mp4",
        steps: [
            coverPicture,
            testPattern() + sine() + ["-i", "cover.jpg", "-map", "0:v", "-map", "1:a", "-map", "2:v"]
                + ["-c:v:0", "libx264", "-preset", "ultrafast", "-pix_fmt:v:0", "yuv420p", "-c:v:1", "copy"]
                + ["-disposition:v:1", "attached_pic", "-c:a", "aac", "clip.mp4"],
        ])

    /// A Matroska video with a cover picture and a file (as a font for subtitles is) attached,
    /// as mkvmerge writes them.
    static let attachmentsInMatroska = Clip(
        id: "Matroska with a cover picture and a file attached", fileName: "clip.mkv",
        textFiles: ["notes.txt": "attached to the film\n"],
        steps: [
            coverPicture,
            testPattern() + sine() + x264
                + ["-c:a", "aac", "-attach", "cover.jpg", "-metadata:s:t:0", "mimetype=image/jpeg"]
                + ["-attach", "notes.txt", "-metadata:s:t:1", "mimetype=text/plain", "clip.mkv"],
        ])

    /// An MP4 with two chapters, as a camera or an editor marks them.
    static let chapters = Clip(
        id: "H.264 and AAC in MP4 with chapters", fileName: "clip.mp4",
        textFiles: [
            "chapters.txt": ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Arrival\n"
                + "[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Departure\n"
        ],
        steps: [
            testPattern() + sine() + ["-i", "chapters.txt", "-map", "0", "-map", "1", "-map_chapters", "2"] + x264
                + ["-c:a", "aac", "clip.mp4"]
        ])

    static let noAudio = Clip(
        id: "H.264 without audio", fileName: "clip.mp4",
        steps: [testPattern() + x264 + ["clip.mp4"]])

    /// A camera's MP4 with linear PCM sound (Sony's XAVC S records so). FFmpeg writes PCM only in
    /// QuickTime, so this is QuickTime named .mp4: FFmpeg reads both as "mov,mp4,...".
    static let cameraPCM = Clip(
        id: "H.264 and linear PCM in .mp4", fileName: "clip.mp4",
        steps: [testPattern() + sine() + x264 + ["-c:a", "pcm_s16be", "-ac", "2", "-f", "mov", "clip.mp4"]])

    /// An old Flash video: Sorenson Spark and Nellymoser sound, which Matroska has no form for.
    static let flashNellymoser = Clip(
        id: "Sorenson Spark and Nellymoser in FLV", fileName: "clip.flv",
        steps: [testPattern() + sine(rate: 22_050) + ["-c:v", "flv1", "-c:a", "nellymoser", "clip.flv"]])

    /// A Flash video whose ADPCM sound no container soundtrack writes can hold as it is.
    static let flashADPCM = Clip(
        id: "Sorenson Spark and Flash ADPCM in FLV", fileName: "clip.flv",
        steps: [testPattern() + sine(rate: 22_050) + ["-c:v", "flv1", "-c:a", "adpcm_swf", "clip.flv"]])

    static let surround = Clip(
        id: "5.1 AAC at 44.1 kHz", fileName: "clip.mp4",
        steps: [
            testPattern() + sine(rate: 44_100)
                + [
                    "-filter_complex", "[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]", "-map", "0:v", "-map",
                    "[a]",
                ]
                + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    static let subtitleLines = ["Hello from the harbour", "The storm is coming"]
    static let subtitles = """
        1
        00:00:00,500 --> 00:00:01,800
        Hello from the harbour

        2
        00:00:02,200 --> 00:00:03,500
        The storm is coming

        """

    static let movText = Clip(
        id: "mov_text subtitles in MP4", fileName: "clip.mp4", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + sine() + ["-i", "subs.srt", "-map", "0", "-map", "1", "-map", "2"] + x264
                + ["-c:a", "aac", "-c:s", "mov_text", "clip.mp4"]
        ])

    static let srtInMatroska = Clip(
        id: "SRT subtitles in MKV", fileName: "clip.mkv", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + sine() + ["-i", "subs.srt", "-map", "0", "-map", "1", "-map", "2"] + x264
                + ["-c:a", "aac", "-c:s", "srt", "clip.mkv"]
        ])

    /// ffmpeg 5.1 has no `-display_rotation`; the `rotate` tag on a stream copy writes the display matrix.
    static let rotated = Clip(
        id: "rotation 90", fileName: "clip.mp4",
        steps: [
            testPattern() + sine() + x264 + ["-c:a", "aac", "upright.mp4"],
            ["-i", "upright.mp4", "-c", "copy", "-metadata:s:v", "rotate=90", "clip.mp4"],
        ])

    /// B-frames (so MP4 needs an edit list) and every timestamp shifted by half a second.
    static let bFramesWithOffset = Clip(
        id: "B-frames, start 0.5 s", fileName: "clip.mp4",
        steps: [
            testPattern() + sine()
                + ["-c:v", "libx264", "-preset", "fast", "-bf", "3", "-pix_fmt", "yuv420p", "-c:a", "aac"]
                + ["-output_ts_offset", "0.5", "clip.mp4"]
        ])

    /// A hard cut at exactly 2 s: the test pattern, then a flat dark red with grain.
    static let hardCutSeconds = 2.0
    static let hardCut = Clip(
        id: "hard cut at 2 s", fileName: "clip.mp4",
        steps: [
            testPattern(seconds: 2)
                + ["-f", "lavfi", "-i", "color=c=0x802020:size=320x240:rate=25:duration=2,noise=alls=40:allf=t"]
                + sine()
                + ["-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]", "-map", "[v]", "-map", "2:a"]
                + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    /// About 2 MB: lossless H.264 of a moving pattern and a noise track, for the full-disk test.
    static let large = Clip(
        id: "large 640x360", fileName: "clip.mp4",
        steps: [
            testPattern(size: "640x360")
                + ["-f", "lavfi", "-i", "anoisesrc=duration=\(seconds):sample_rate=48000:amplitude=0.3"]
                + [
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "clip.mp4",
                ]
        ])
}
