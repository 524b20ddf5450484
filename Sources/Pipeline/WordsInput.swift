import Analysis
import MediaIO

/// Words as a job's input: a prompt alone (`--prompt ... --duration ...`), or a cue sheet file
/// (`.txt` or `.json`). Both end as an `AnalysisResult` like a video's, so composition,
/// rendering and delivery are the same.
public struct WordsInput: Sendable, Equatable {
    /// The cue sheet's path; nil: the prompt alone (`JobOptions.prompt`, `JobOptions.duration`).
    public var cueSheet: String?

    public init(cueSheet: String?) {
        self.cueSheet = cueSheet
    }

    /// The shortest and longest music made from words, in seconds.
    public static let durationRange = 1.0...CueSheet.maximumSeconds

    /// Whether a path names a cue sheet rather than a video (by its extension).
    public static func isCueSheet(_ path: String) -> Bool {
        CueSheet.Format(fileName: path) != nil
    }

    /// Refuses a duration outside `durationRange` (exit 64).
    public static func check(duration seconds: Double) throws(PipelineError) {
        if let problem = durationProblem(seconds) { throw .usage(problem) }
    }

    /// Why `seconds` cannot be the length of music from words or of a slideshow, or nil.
    public static func durationProblem(_ seconds: Double) -> String? {
        guard seconds.isFinite, durationRange.contains(seconds) else {
            let shown =
                seconds.isFinite && seconds == seconds.rounded() && abs(seconds) < 1e15
                ? "\(Int(seconds))" : "\(seconds)"
            return "--duration must be between 1 second and \(Int(durationRange.upperBound / 3600)) hours (got \(shown))"
        }
        return nil
    }

    /// Reads and parses a cue sheet: a missing or unreadable file exits 66, one that is not a
    /// cue sheet 65; at most `CueSheet.maximumBytes` are read.
    public static func cueSheet(at path: String) throws(PipelineError) -> CueSheet {
        guard let format = CueSheet.Format(fileName: path) else {
            throw .usage("\(path): a cue sheet's name ends in .txt or .json")
        }
        do {
            let file = try InputFile(path: path)
            guard let bytes = try file.bytes(limit: CueSheet.maximumBytes) else {
                throw CueSheetError.tooLarge(bytes: Int(file.size))
            }
            return try CueSheet(bytes: bytes, format: format)
        } catch let error as CueSheetError {
            throw .badCueSheet(path: path, error)
        } catch let error as MediaError {
            throw .media(error)
        } catch {
            throw .internalFailure(reason: "\(error)")
        }
    }

    /// How long the music from a cue sheet runs: `requested`, or the sheet's default (and a
    /// notice saying so). A requested length that does not reach past the last cue exits 64.
    public static func duration(
        of sheet: CueSheet, requested: Double?, path: String
    ) throws(PipelineError) -> (seconds: Double, notice: String?) {
        let last = sheet.cues.last?.seconds ?? 0
        guard let requested else {
            let seconds = sheet.defaultDuration
            return (
                seconds,
                "\(path): no --duration, so the music runs to \(CueTime.text(seconds)), "
                    + "\(Int(seconds - last)) s after the last cue"
            )
        }
        try check(duration: requested)
        guard requested > last else {
            throw .usage(
                "--duration \(CueTime.text(requested)) ends before the last cue of \(path) (at \(CueTime.text(last))); "
                    + "give a longer --duration, or leave it out for \(Int(CueSheet.tailSeconds)) s after the last cue")
        }
        return (requested, nil)
    }
}
