import MediaIO

/// The last stage: the programme through the gain and the true-peak limiter, encoded into the
/// output the plan names (a copy of the video, a slideshow of the photos, or an audio file),
/// and measured on the way out.
struct DeliveryStage {
    var interrupt: InterruptFlag
    var progress: (Double) -> Void

    /// What reached the output.
    struct Delivered {
        /// Integrated loudness (LUFS) and true peak (dBTP) of the delivered soundtrack.
        var loudness: Double
        var truePeak: Double
        /// Sentences for log notices (streams left out, timestamps repaired).
        var notes: [String]
        /// Short-term loudness over time (see `Report.LoudnessCurves`).
        var shortTerm: [Double] = []
    }

    /// Writes the soundtrack into `output`, `frameCount` frames long. `opened` is the input,
    /// whose streams a video delivery copies; with `pictureOnly` (a song under a video, `--picture`)
    /// only its main video stream is copied, cut or held to the soundtrack's length.
    func deliver(
        _ programme: Programme, gain: Double, ceiling: Double, target: Double, plan: OutputPlan, output: AtomicOutputFile,
        opened: OpenedInput, frameCount: Int, title: String, soundtrackFirst: Bool, photoReader: PhotoReader,
        pictureOnly: Bool = false
    ) throws -> Delivered {
        let source = try LimitedSource(programme: programme, gain: gain, ceiling: ceiling)
        var notes: [String] = []
        switch (plan.delivery, opened) {
        case (.video(let format), .video(let file, _)) where pictureOnly:
            let written = try SoundtrackWriter(interrupt: interrupt).write(
                picture: file, output: output, format: format, frameCount: frameCount, title: title,
                source: source.read, progress: progress)
            notes = written.timestampRepairs.isNoteworthy ? [written.timestampRepairs.description] : []
        case (.video(let format), .video(let file, _)):
            let writer = SoundtrackWriter(interrupt: interrupt)
            let written = try writer.write(
                input: file, output: output, format: format, frameCount: frameCount, title: title,
                soundtrackFirst: soundtrackFirst, source: source.read, progress: progress)
            notes = written.notes + (written.timestampRepairs.isNoteworthy ? [written.timestampRepairs.description] : [])
        case (.video(let format), .photos(let photos)):
            try SlideshowWriter(settings: photos.inputs.settings, interrupt: interrupt).write(
                output: output, format: format, shotFrames: photos.shotFrames,
                photo: { index in try photoReader.read(photos.files[index], fitting: photos.inputs.frameSize) },
                title: title, source: source.read, progress: progress)
        case (.video, .words):
            throw PipelineError.internalFailure(reason: "words have no pictures to deliver as a video")
        case (.audio(let format), _):
            try AudioFileWriter(interrupt: interrupt).write(
                output: output, format: format, frameCount: frameCount, title: title, source: source.read,
                progress: progress)
        case (.midi, _):
            throw PipelineError.internalFailure(reason: "\(plan.delivery) is not delivered from a programme yet")
        }
        let measured = source.measurements()
        if let shortfall = Self.shortfall(loudness: measured.loudness, target: target) { notes.append(shortfall) }
        return Delivered(loudness: measured.loudness, truePeak: measured.truePeak, notes: notes, shortTerm: measured.shortTerm)
    }

    /// A sentence when the delivered soundtrack is more than 1 LU under the loudness target
    /// `target` (LUFS): the loudness search stops before the limiter would squash the music.
    static func shortfall(loudness: Double, target: Double) -> String? {
        guard loudness.isFinite, target - loudness > 1 else { return nil }
        return String(
            format: "the soundtrack measures %.1f LUFS, %.1f LU under the %g LUFS target: any louder and the "
                + "limiter would squash the music to keep its peaks under the true-peak limit",
            loudness, target - loudness, target)
    }
}
