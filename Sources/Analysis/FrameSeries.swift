/// A few numbers per decoded picture, kept for the whole video so that cuts, fades and
/// dissolves can be judged with frames on both sides: 16x9 luma thumbnails (144 bytes a frame,
/// about 3.5 KB per second of 24 fps video), the frame-to-frame difference measured at full
/// analysis size, mean luma and the share of bright pixels.
struct FrameSeries: Sendable {
    static let thumbnailWidth = 16
    static let thumbnailHeight = 9
    static let thumbnailSize = thumbnailWidth * thumbnailHeight

    var times: [Double] = []
    /// Mean absolute difference from the previous picture, percent of full scale.
    var differences: [Double] = []
    /// Mean luma, 0...255.
    var meanLuma: [Float] = []
    /// Share of pixels with luma above 64.
    var brightShare: [Float] = []
    /// Flat thumbnails, `thumbnailSize` bytes a frame.
    var thumbnails: [UInt8] = []

    var count: Int { times.count }

    mutating func append(time: Double, difference: Double, luma: [Float], width: Int, height: Int) {
        times.append(time)
        differences.append(difference)
        var sum: Float = 0
        var bright = 0
        for value in luma {
            sum += value
            if value > 64 { bright += 1 }
        }
        meanLuma.append(sum / Float(max(1, luma.count)))
        brightShare.append(Float(bright) / Float(max(1, luma.count)))
        thumbnails += Self.thumbnail(of: luma, width: width, height: height)
    }

    mutating func append(contentsOf other: FrameSeries) {
        times += other.times
        differences += other.differences
        meanLuma += other.meanLuma
        brightShare += other.brightShare
        thumbnails += other.thumbnails
    }

    /// Block means of a luma plane, down to 16x9.
    static func thumbnail(of luma: [Float], width: Int, height: Int) -> [UInt8] {
        var sums = [Float](repeating: 0, count: thumbnailSize)
        var counts = [Float](repeating: 0, count: thumbnailSize)
        for y in 0..<height {
            let row = min(thumbnailHeight - 1, y * thumbnailHeight / height) * thumbnailWidth
            for x in 0..<width {
                let cell = row + min(thumbnailWidth - 1, x * thumbnailWidth / width)
                sums[cell] += luma[y * width + x]
                counts[cell] += 1
            }
        }
        return (0..<thumbnailSize).map { UInt8(min(255, max(0, (sums[$0] / max(1, counts[$0])).rounded()))) }
    }

    func thumbnail(_ index: Int) -> ArraySlice<UInt8> {
        thumbnails[(index * Self.thumbnailSize)..<((index + 1) * Self.thumbnailSize)]
    }

    /// Mean absolute difference of two frames' thumbnails, percent of full scale.
    func thumbnailDifference(_ a: Int, _ b: Int) -> Double {
        Self.difference(thumbnail(a), thumbnail(b))
    }

    static func difference(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Double {
        var sum = 0
        for (x, y) in zip(a, b) { sum += abs(Int(x) - Int(y)) }
        return Double(sum) / Double(thumbnailSize) / 255 * 100
    }

    /// How far frame `middle` is from the straight blend of frames `start` and `end` at its
    /// time, percent of full scale: near zero inside a dissolve or a fade.
    func blendResidual(_ middle: Int, between start: Int, and end: Int) -> Double {
        let span = times[end] - times[start]
        let weight = span > 0 ? Float((times[middle] - times[start]) / span) : 0.5
        let first = thumbnail(start), last = thumbnail(end), inner = thumbnail(middle)
        var sum: Float = 0
        for offset in 0..<Self.thumbnailSize {
            let blend = Float(first[first.startIndex + offset]) * (1 - weight)
                + Float(last[last.startIndex + offset]) * weight
            sum += abs(Float(inner[inner.startIndex + offset]) - blend)
        }
        return Double(sum) / Double(Self.thumbnailSize) / 255 * 100
    }

    /// Rank (Spearman) correlation of two frames' thumbnails: near 1 when one is the other
    /// brighter, darker or with another contrast (a fade or a change of light within one scene,
    /// which keeps the order of the pixels), low when the pictures are unrelated.
    func rankCorrelation(_ a: Int, _ b: Int) -> Double {
        let first = Self.ranks(thumbnail(a)), second = Self.ranks(thumbnail(b))
        let mean = Double(Self.thumbnailSize - 1) / 2
        var cross = 0.0, powerFirst = 0.0, powerSecond = 0.0
        for (x, y) in zip(first, second) {
            cross += (x - mean) * (y - mean)
            powerFirst += (x - mean) * (x - mean)
            powerSecond += (y - mean) * (y - mean)
        }
        guard powerFirst > 0, powerSecond > 0 else { return 0 }
        return cross / (powerFirst * powerSecond).squareRoot()
    }

    /// Ranks of the values, ties sharing their mean rank.
    static func ranks(_ values: ArraySlice<UInt8>) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var position = 0
        while position < order.count {
            var end = position
            while end + 1 < order.count, values[order[end + 1]] == values[order[position]] { end += 1 }
            for index in position...end { ranks[order[index] - values.startIndex] = Double(position + end) / 2 }
            position = end + 1
        }
        return ranks
    }

    /// A picture that is black or nearly so (the dark middle of a fade).
    func isBlack(_ index: Int) -> Bool {
        meanLuma[index] < 20 && brightShare[index] < 0.01
    }

    /// The usual distance between pictures, in seconds: the shortest common gap.
    var frameInterval: Double {
        guard count > 2 else { return 1.0 / 25 }
        var gaps = (1..<count).map { times[$0] - times[$0 - 1] }.filter { $0 > 0.001 }
        guard !gaps.isEmpty else { return 1.0 / 25 }
        gaps.sort()
        return gaps[gaps.count / 10]
    }
}
