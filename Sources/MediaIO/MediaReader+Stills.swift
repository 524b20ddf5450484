internal import CFFmpeg

/// One picture of the video, small and compressed, for a report's contact sheet.
public struct Still: Sendable, Equatable {
    /// Seconds from the first video frame of the picture actually shown.
    public var time: Double
    public var width: Int
    public var height: Int
    /// A baseline JPEG file.
    public var jpeg: [UInt8]
}

/// What a report asks for: a picture near `time`, and how early one may be taken instead.
public struct StillRequest: Sendable, Equatable {
    public var time: Double
    /// A picture from `time - tolerance` on is good enough: a key frame there saves decoding
    /// up to `time`.
    public var tolerance: Double

    public init(time: Double, tolerance: Double) {
        self.time = time
        self.tolerance = max(0, tolerance)
    }
}

extension MediaReader {
    /// Pictures for `requests` (in any order), `width` pixels wide and as tall as the video's
    /// shape asks, as JPEG. The analysis decodes pictures far smaller than a person can read,
    /// so these are decoded again, cheaply: each request seeks to the key frame before it and
    /// decodes reference frames only up to it (or goes on decoding when the next request is
    /// close ahead), at most `maximumPackets` packets per request. A request that cannot be
    /// reached gets nil.
    public func stills(
        _ file: InputFile, for requests: [StillRequest], width: Int = 160, maximumPackets: Int = 400
    ) throws -> [Still?] {
        guard !requests.isEmpty else { return [] }
        let demuxer = try Demuxer(file: file, limits: limits, interrupt: interrupt)
        let info = demuxer.info
        let videoStream = demuxer.stream(info.videoStreamIndex)
        let origin = Self.origin(of: demuxer)
        let timeBase = videoStream.pointee.time_base
        for index in 0..<info.streams.count where index != info.videoStreamIndex {
            demuxer.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let height = Self.stillHeight(width: width, video: info.video)
        let options = VideoReadOptions(frames: .references, width: width, height: height, threads: 1)
        let encoder = try JPEGEncoder(width: width, height: height)
        let packet = try Packet()
        var results = [Still?](repeating: nil, count: requests.count)
        var decoder: VideoFrameDecoder?
        var lastTime = -Double.infinity
        var ended = false
        let order = requests.indices.sorted { requests[$0].time < requests[$1].time }
        for index in order {
            if interrupt.isSet { throw MediaError.interrupted(path: file.path) }
            let request = requests[index]
            let earliest = request.time - request.tolerance
            // Close ahead of where decoding stands: carry on rather than seek back to a key frame.
            if decoder == nil || ended || earliest <= lastTime || earliest - lastTime > 1.0 {
                let target = Int64(((request.time + origin) / timeBase.seconds).rounded())
                guard demuxer.seek(to: target, stream: info.videoStreamIndex) >= 0 else { continue }
                decoder = try VideoFrameDecoder(
                    stream: videoStream, path: file.path, limits: limits, options: options, origin: origin)
                ended = false
            }
            guard let decoder else { continue }
            var found: VideoFrame?
            let deliver: (VideoFrame) throws -> Void = { frame in
                lastTime = frame.time
                if found == nil, frame.time >= earliest - 0.0005 { found = frame }
            }
            var packets = 0
            while found == nil, packets < maximumPackets {
                guard try demuxer.read(into: packet) else {
                    try decoder.decode(nil, deliver)
                    ended = true
                    break
                }
                defer { packet.unreference() }
                guard packet.streamIndex == info.videoStreamIndex else { continue }
                packets += 1
                try decoder.decode(packet.pointer, deliver)
            }
            if let found {
                results[index] = Still(time: found.time, width: width, height: height, jpeg: try encoder.encode(found))
            }
        }
        return results
    }

    /// The height that keeps the coded picture's shape at `width` (even, as 4:2:0 JPEG wants).
    static func stillHeight(width: Int, video: StreamInfo) -> Int {
        guard video.width > 0, video.height > 0 else { return width * 9 / 16 }
        let aspect = Double(video.height) / Double(video.width)
        let height = Int((Double(width) * aspect / 2).rounded()) * 2
        return min(max(height, 16), width * 4)
    }
}
