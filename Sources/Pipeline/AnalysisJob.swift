import MediaIO

/// `soundtrack analyze`: the analysis alone, reported with the evidence behind each mood.
public struct AnalysisJob {
    public var input: String
    public var prompt: String?
    public var progress: ProgressReporter

    public init(input: String, prompt: String?, progress: ProgressReporter) {
        self.input = input
        self.prompt = prompt
        self.progress = progress
    }

    public func run() throws(PipelineError) -> Report {
        do {
            var clock = StageClock()
            let reader = MediaReader()
            let file = try InputFile(path: input)
            let outcome = try AnalysisStage.run(
                input: file, info: try reader.probe(file), prompt: prompt, keepAudioIn: nil, reader: reader,
                progress: { [progress] in progress.update(.analyse, $0) })
            clock.lap("analysis")
            progress.finish()
            var report = Report(input: input, analysis: outcome.analysis, includeFeatures: true)
            report.timings = clock.laps
            return report
        } catch {
            throw PipelineError.wrap(error)
        }
    }
}
