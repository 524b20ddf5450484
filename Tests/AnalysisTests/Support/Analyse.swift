import Analysis
import Foundation
import MediaIO
@testable import Pipeline

/// Runs the pipeline's analysis stage on a file, as `soundtrack analyze` does.
func analyse(_ path: String, prompt: String? = nil) throws -> AnalysisResult {
    let reader = MediaReader()
    let input = try InputFile(path: path)
    return try AnalysisStage.run(
        input: input, info: try reader.probe(input), prompt: prompt, keepAudioIn: nil, bandwidth: nil, reader: reader,
        progress: { _ in }
    ).analysis
}
