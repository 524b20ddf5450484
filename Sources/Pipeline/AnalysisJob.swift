import MediaIO

/// `soundtrack analyze`: the analysis alone, reported with the evidence behind each mood.
public struct AnalysisJob {
    public var input: String
    public var prompt: String?
    public var progress: ProgressReporter
    /// Set from outside (Ctrl-C) to stop the analysis early.
    public var interrupt = InterruptFlag()

    public init(input: String, prompt: String?, progress: ProgressReporter) {
        self.input = input
        self.prompt = prompt
        self.progress = progress
    }

    public func run() throws(PipelineError) -> Report {
        do {
            var clock = StageClock()
            let reader = MediaReader(interrupt: interrupt)
            let file = try InputFile(path: input)
            let info = try reader.probe(file)
            progress.setMediaDuration(info.duration ?? 0)
            let outcome = try AnalysisStage.run(
                input: file, info: info, prompt: prompt, keepAudioIn: nil, bandwidth: nil, reader: reader,
                progress: { [progress] in progress.update(.analyse, $0) })
            clock.lap("analysis")
            progress.complete()
            var report = Report(input: input, analysis: outcome.analysis, includeFeatures: true)
            report.options = Report.Options(prompt: prompt)
            report.timings = clock.laps
            return report
        } catch {
            throw PipelineError.wrap(error)
        }
    }
}
