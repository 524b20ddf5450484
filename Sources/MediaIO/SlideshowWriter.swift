internal import CFFmpeg

/// How a slideshow's pictures are made.
public struct SlideshowSettings: Sendable, Equatable {
    /// Every photo is letterboxed to this frame (even width and height).
    public var frameSize = PixelSize.fullHD
    /// Frames per second; 48000 must be a multiple of it, so that a frame is a whole number of samples.
    public var framesPerSecond = 25
    /// A gentle zoom and drift over each photo instead of a still picture.
    public var motion = false
    public var quality = VideoQuality()

    public init(frameSize: PixelSize = .fullHD, framesPerSecond: Int = 25, motion: Bool = false) {
        self.frameSize = frameSize
        self.framesPerSecond = framesPerSecond
        self.motion = motion
    }

    /// Frame rates a slideshow may use: 48 kHz divides into whole samples per frame.
    public static let frameRates = [24, 25, 30, 48, 50, 60]
}

/// Writes a new video of still photos, each shown for a given number of frames, with a
/// soundtrack: H.264 (libx264) pictures letterboxed with libswscale, and AAC (or Opus) sound
/// exactly as long as the pictures. Each photo change is a key frame.
public struct SlideshowWriter: Sendable {
    public var settings: SlideshowSettings
    public var interrupt: InterruptFlag

    public init(settings: SlideshowSettings, interrupt: InterruptFlag = InterruptFlag()) {
        self.settings = settings
        self.interrupt = interrupt
    }

    /// Samples at 48 kHz in `frames` pictures.
    public func audioFrameCount(videoFrames frames: Int) -> Int {
        frames * AudioChunk.sampleRate / settings.framesPerSecond
    }

    /// Writes `shotFrames.count` photos, photo `i` (fetched from `photo` when its turn comes, fitted
    /// to the frame size) for `shotFrames[i]` frames, with the soundtrack from `source`.
    public func write(
        output: AtomicOutputFile, format: OutputFormat, shotFrames: [Int], photo: (Int) throws -> Photo,
        title: String = "soundtrack", source: @escaping SoundtrackSource, progress: (Double) -> Void = { _ in }
    ) throws {
        let total = shotFrames.reduce(0, +)
        let rate = settings.framesPerSecond
        let globalHeader = OutputMuxer.needsGlobalHeader(format)
        let video = try VideoEncoder(
            size: settings.frameSize, framesPerSecond: rate, quality: settings.quality, globalHeader: globalHeader,
            stills: !settings.motion)
        // Still pictures: x264 codes a key picture at each photo change, handed out again every
        // ten seconds, and the frames in between repeat it (see H264RepeatedPicture).
        let keyInterval = Int(video.context.pointee.gop_size)
        let repeats = settings.motion ? nil : video.repeatedPicture
        let audio = try AudioEncoder(codec: format.codec, globalHeader: globalHeader)
        let muxer = try SlideshowMuxer(output: output, format: format, video: video, audio: audio, title: title)
        try muxer.writeHeader()
        let soundtrack = SoundtrackPackets(
            encoder: audio, source: source, frameCount: audioFrameCount(videoFrames: total), originSeconds: 0)
        let canvas = try SlideshowCanvas(size: settings.frameSize)

        var frameIndex = 0
        var keyPicture: [UInt8] = []
        for (shot, frames) in shotFrames.enumerated() where frames > 0 {
            try canvas.paint(photo(shot))
            for local in 0..<frames {
                if interrupt.isSet { throw MediaError.interrupted(path: output.path) }
                // Keep the file interleaved: the sound due before this picture goes first.
                let time = Double(frameIndex) / Double(rate)
                while let next = try soundtrack.peekTime(), next <= time {
                    try muxer.writeAudio(soundtrack.take()!)
                }
                if repeats != nil, local % keyInterval != 0 {
                    try video.repeatPicture(sinceKeyFrame: local % keyInterval, pts: Int64(frameIndex)) {
                        try muxer.writeVideo($0)
                    }
                } else if repeats != nil, local > 0 {
                    // The photo's key picture again (every ten seconds): the same bytes decode
                    // to the same picture, where x264 would code it anew at another quality.
                    try video.hand(keyPicture, key: true, pts: Int64(frameIndex)) { try muxer.writeVideo($0) }
                } else {
                    let picture =
                        settings.motion
                        ? try canvas.moved(progress: Double(local) / Double(max(1, frames - 1)), shot: shot)
                        : canvas.still
                    picture.pointee.pts = Int64(frameIndex)
                    // A key frame where the photo changes; otherwise x264 decides.
                    picture.pointee.pict_type = local == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
                    let written = try video.encode(picture) { packet in
                        if repeats != nil {
                            keyPicture = Array(
                                UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
                        }
                        try muxer.writeVideo(packet)
                    }
                    // The repeats must follow their key picture, which x264 hands back at once here.
                    if repeats != nil && written != 1 {
                        throw MediaError.internalFailure(
                            operation: "encoding the pictures",
                            reason: "x264 gave \(written) packets for a key picture, not one")
                    }
                }
                frameIndex += 1
                if frameIndex % rate == 0 { progress(Double(frameIndex) / Double(max(1, total))) }
            }
        }
        try video.encode(nil) { try muxer.writeVideo($0) }
        while try soundtrack.peekTime() != nil {
            try muxer.writeAudio(soundtrack.take()!)
        }
        try muxer.finish()
        progress(1)
    }
}
