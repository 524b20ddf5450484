import Foundation
import TestSupport
import Testing

/// What headless Chromium met on an HTML report, as scripts/report-check.py prints it.
struct ReportPage: Decodable, Sendable {
    struct Screenshot: Decodable, Sendable {
        var path: String
        var width: Double
        var height: Double
        var bytes: Int
    }

    var report: String
    var width: Int
    var thumbnails: Int
    var thumbnailsDecoded: Int
    var figures: Int
    /// Cut lines on the timeline.
    var cuts: Int
    var noteShapes: Int
    var notes: [String]
    var sections: [String]
    var pageWidth: Int
    var viewportWidth: Int
    var title: String
    var screenshot: Screenshot?
    var consoleErrors: [String]
    var requests: [String]

    static var canOpen: Bool { TestEnvironment.hasTool("chromium") && TestEnvironment.hasTool("python3") }

    /// Opens every report at every width in one browser, with full-page screenshots in `screenshots`.
    static func open(_ reports: [URL], widths: [Int], screenshots: URL) async throws -> [ReportPage] {
        let script = TestEnvironment.packageRoot.appending(path: "scripts/report-check.py").path
        let result = try await Subprocess.run(
            ["python3", script] + reports.map(\.path) + widths.flatMap { ["--width", "\($0)"] }
                + ["--screenshots", screenshots.path], timeoutSeconds: 180)
        try #require(result.status == 0, "\(result.summary)")
        return try JSONDecoder().decode([ReportPage].self, from: result.standardOutput)
    }
}

/// Counts the notes of a Standard MIDI File: note-ons with a velocity above zero, every track.
enum MIDINotes {
    static func count(in data: Data) throws -> Int {
        let bytes = [UInt8](data)
        var position = 14  // after the header chunk
        var notes = 0
        while position + 8 <= bytes.count {
            let length = bytes[(position + 4)..<(position + 8)].reduce(0) { $0 << 8 | Int($1) }
            let end = position + 8 + length
            try #require(end <= bytes.count, "a track runs past the end of the file")
            var index = position + 8
            var status: UInt8 = 0
            func variable() -> Int {
                var value = 0
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    value = value << 7 | Int(byte & 0x7F)
                    if byte & 0x80 == 0 { break }
                }
                return value
            }
            while index < end {
                _ = variable()  // delta time
                let first = bytes[index]
                if first == 0xFF {  // meta event: type, length, data
                    index += 2
                    let length = variable()
                    index += length
                    continue
                }
                if first == 0xF0 || first == 0xF7 {  // system exclusive: length, data
                    index += 1
                    let length = variable()
                    index += length
                    continue
                }
                if first & 0x80 != 0 {  // a new status; otherwise the running one holds
                    status = first
                    index += 1
                }
                let kind = status & 0xF0
                if kind == 0x90 && bytes[index + 1] > 0 { notes += 1 }
                index += kind == 0xC0 || kind == 0xD0 ? 1 : 2
            }
            position = end
        }
        return notes
    }
}
