import Composition
import Foundation

/// The form of a recording from the self-similarity of its beat-synchronous chroma: phrases of
/// four bars (eight in songs of 32 bars or more; a pickup bar joins the first phrase), each
/// lettered like the first earlier phrase whose beats match it beat for beat (mean cosine of
/// their chroma 0.9 or more); and how intense each passage is from its loudness.
enum FormFinder {
    static let sameness = 0.9

    static func sections(bars: [Bar], beatsPerBarStart: [Int], treble: [[Double]], levels: [Double]) -> [SongSection] {
        guard !bars.isEmpty else { return [] }
        let phrase = bars.count >= 32 ? 8 : 4
        let pickup = bars.count > 1 && bars[0].eighths != bars[1].eighths ? 1 : 0
        var spans: [Range<Int>] = []
        var start = 0
        while start < bars.count {
            var end = min(bars.count, (start == 0 ? pickup : start) + phrase)
            if bars.count - end <= 2 { end = bars.count }  // A short last phrase joins the one before.
            spans.append(start..<end)
            start = end
        }
        func beats(_ span: Range<Int>) -> Range<Int> {
            let first = beatsPerBarStart[span.lowerBound]
            let last =
                span.upperBound < bars.count
                ? beatsPerBarStart[span.upperBound]
                : min(treble.count, first + span.reduce(0) { $0 + bars[$1].eighths / 2 })
            return first..<min(last, treble.count)
        }
        var labels: [String] = []
        var letters = 0
        for (index, span) in spans.enumerated() {
            let mine = beats(span)
            let earlier = (0..<index).first { other in
                let theirs = beats(spans[other])
                let length = min(mine.count, theirs.count)
                guard length > 0, abs(mine.count - theirs.count) * 4 <= mine.count else { return false }
                // The diagonal of the self-similarity matrix between the two phrases, aligned by their ends
                // (a pickup at the start of the first phrase is not compared).
                let offsetMine = mine.count - length
                let offsetTheirs = theirs.count - length
                let similarity =
                    (0..<length).reduce(0.0) { sum, step in
                        sum
                            + cosine(
                                treble[mine.lowerBound + offsetMine + step],
                                treble[theirs.lowerBound + offsetTheirs + step])
                    } / Double(length)
                return similarity >= sameness
            }
            if let earlier {
                labels.append(labels[earlier])
            } else {
                labels.append(String(UnicodeScalar(UInt8(65 + min(letters, 25)))))
                letters += 1
            }
        }
        let loudness = spans.map { span -> Double in
            let range = beats(span)
            let mean = range.reduce(0) { $0 + levels[$1] } / Double(max(1, range.count))
            return 20 * log10(max(mean, 1e-4))
        }
        let low = loudness.min() ?? 0
        let high = loudness.max() ?? 0
        return spans.enumerated().map { index, span in
            let relative = high - low > 1 ? (loudness[index] - low) / (high - low) : 0.5
            return SongSection(
                firstBar: span.lowerBound, barCount: span.count, label: labels[index],
                intensity: ((0.3 + 0.45 * relative) * 1000).rounded() / 1000)
        }
    }
}
