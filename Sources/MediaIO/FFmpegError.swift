internal import CFFmpeg

/// FFmpeg's text for an error code such as `AVERROR(ENOMEM)`.
func ffmpegErrorText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    st_error_string(code, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

let averrorEOF = st_averror_eof()
let averrorEAGAIN = st_averror_eagain()
let noPTS = st_nopts_value()

extension AVRational {
    var seconds: Double { den == 0 ? 0 : Double(num) / Double(den) }
}

/// Converts a timestamp in `timeBase` to seconds; `nil` when FFmpeg says it is unknown.
func seconds(_ timestamp: Int64, _ timeBase: AVRational) -> Double? {
    timestamp == noPTS ? nil : Double(timestamp) * timeBase.seconds
}
