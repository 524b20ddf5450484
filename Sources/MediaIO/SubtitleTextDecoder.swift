internal import CFFmpeg

/// Decodes a text subtitle stream (SubRip, ASS, mov_text, WebVTT) into plain lines.
/// Bitmap subtitles (DVD, PGS) carry no text and are skipped.
final class SubtitleTextDecoder {
    private let decoder: Decoder
    private let origin: Double

    init(stream: UnsafeMutablePointer<AVStream>, path: String, origin: Double) throws(MediaError) {
        decoder = try Decoder(stream: stream, path: path)
        self.origin = origin
    }

    func decode(_ packet: UnsafeMutablePointer<AVPacket>) -> SubtitleCue? {
        var subtitle = AVSubtitle()
        var gotSubtitle: Int32 = 0
        let result = avcodec_decode_subtitle2(decoder.context, &subtitle, &gotSubtitle, packet)
        guard result >= 0, gotSubtitle != 0 else { return nil }
        defer { avsubtitle_free(&subtitle) }
        var lines: [String] = []
        for index in 0..<Int(subtitle.num_rects) {
            guard let rect = subtitle.rects[index]?.pointee else { continue }
            if let ass = rect.ass {
                lines.append(Self.plainText(fromASS: String(cString: ass)))
            } else if let text = rect.text {
                lines.append(String(cString: text))
            }
        }
        let text = lines.joined(separator: " ").trimmingSpaces
        guard !text.isEmpty, let start = seconds(packet.pointee.pts, decoder.timeBase) else { return nil }
        let length = Double(packet.pointee.duration) * decoder.timeBase.seconds
        return SubtitleCue(start: start - origin, end: start - origin + max(length, 0), text: text)
    }

    /// An ASS event line is "ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text";
    /// the text may hold {\override} blocks and \N line breaks.
    static func plainText(fromASS line: String) -> String {
        var fields = 0
        var index = line.startIndex
        while fields < 8, let comma = line[index...].firstIndex(of: ",") {
            fields += 1
            index = line.index(after: comma)
        }
        let body = fields == 8 ? line[index...] : line[...]
        var text = ""
        var inOverride = false
        var iterator = body.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "{": inOverride = true
            case "}": inOverride = false
            case "\\" where !inOverride:
                if let next = iterator.next() { text.append(next == "N" || next == "n" ? " " : next == "h" ? " " : next) }
            default: if !inOverride { text.append(character) }
            }
        }
        return text
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
