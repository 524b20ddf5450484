import Foundation
import TestSupport

/// ffmpeg's `ebur128` filter, an implementation of EBU R128 that owes nothing to ours: the
/// reference the meter tests compare against.
///
/// The audio goes to ffmpeg as raw Float32, cut into 100 ms frames; the filter writes its
/// readings (3 decimals) into each frame's metadata, as they stand after that frame (frame n
/// carries the readings after n + 1 hops); the last frame's are those of the whole signal.
struct FFmpegLoudness {
    /// Integrated loudness, LUFS (-70 or lower for silence).
    var integrated: Double
    /// Short-term loudness after each 100 ms, by hops done (10 is the reading at 1 s); ffmpeg
    /// has none before the first 3 s.
    var shortTerm: [Int: Double]
    /// dBTP.
    var truePeak: Double

    init(_ samples: [Float], sampleRate: Int, channels: Int) throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-r128")
        let raw = folder.appending("audio.f32")
        try samples.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: raw)
        let hop = (sampleRate + 5) / 10
        let metadata = folder.path("readings.txt")
        let filters = [
            "asetnsamples=n=\(hop):p=0", "ebur128=metadata=1:peak=true",
            "ametadata=mode=print:file=\(metadata)",
        ]
        try Subprocess.runBlocking([
            "ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-f", "f32le", "-ar", "\(sampleRate)", "-ac",
            "\(channels)", "-i", raw.path, "-af", filters.joined(separator: ","), "-f", "null", "-",
        ]).succeeded("ffmpeg ebur128")
        var frame = 0
        var values: [String: Double] = [:]
        var shortTerm: [Int: Double] = [:]
        for line in try String(contentsOfFile: metadata, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("frame:") {
                values = [:]
                frame = Int(line.dropFirst("frame:".count).prefix { $0.isNumber }) ?? 0
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            values[String(parts[0])] = value
            if parts[0] == "lavfi.r128.S", frame >= 29 { shortTerm[frame + 1] = value }
        }
        guard let integrated = values["lavfi.r128.I"], let peak = values["lavfi.r128.true_peak"] else {
            throw SubprocessFailure(
                command: "ffmpeg ebur128 (no readings in \(metadata))",
                result: ProcessResult(status: 0, standardOutput: Data(), standardError: ""))
        }
        self.integrated = integrated
        self.shortTerm = shortTerm
        truePeak = peak > 0 ? 20 * log10(peak) : -Double.infinity
    }
}
