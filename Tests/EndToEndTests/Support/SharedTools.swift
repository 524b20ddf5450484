import Foundation
import TestSupport

/// The tools in `../shared/tools` the end-to-end tests call.
extension TestEnvironment {
    static let checkOutput = shared.appending(path: "tools/check-output")
    static var hasSharedTools: Bool { FileManager.default.isExecutableFile(atPath: checkOutput.path) }
    static let midiMetrics = shared.appending(path: "tools/midi-metrics")
}
