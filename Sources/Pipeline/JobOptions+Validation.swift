import Composition

/// The one place where a request's values are checked: the command line (`Make.validate`),
/// watch.conf (`WatchConfig`) and the job itself ask these, so that a style name or a loudness
/// target means the same wherever it is written.
extension JobOptions {
    /// `auto` and every style the composer knows.
    public static let styleNames = ["auto"] + Composer.styles.map(\.name)
    /// Loudness targets a job accepts, LUFS.
    public static let lufsRange = -40.0 ... -5.0

    /// Why `style` cannot be used, or nil when it can.
    public static func problem(style: String) -> String? {
        guard !styleNames.contains(style) else { return nil }
        return "unknown style \"\(style)\"; choose one of: \(styleNames.joined(separator: ", "))"
    }

    /// Why `lufs` cannot be a target, or nil; `name` is how the caller spells the setting.
    public static func problem(lufs: Double, name: String = "lufs") -> String? {
        guard !lufsRange.contains(lufs) else { return nil }
        return "\(name) must be between \(Int(lufsRange.lowerBound)) and \(Int(lufsRange.upperBound)) (got \(lufs))"
    }

    /// Why `tempo` cannot be a centre tempo, or nil.
    public static func problem(tempo: Double, name: String = "tempo") -> String? {
        guard !Composer.tempoRange.contains(tempo) else { return nil }
        return "\(name) must be between \(Int(Composer.tempoRange.lowerBound)) and "
            + "\(Int(Composer.tempoRange.upperBound)) bpm (got \(tempo))"
    }

    /// Why `key` names no key, or nil.
    public static func problem(key: String) -> String? {
        guard !Composer.isKey(key) else { return nil }
        return "unknown key '\(key)'; give a note and a mode, for example \"D minor\", \"F# major\" or \"A dorian\""
    }

    /// The first problem with these options, as the command line names them; nil when the job can run.
    public var problem: String? {
        Self.problem(style: style) ?? Self.problem(lufs: lufs, name: "--lufs")
            ?? tempo.flatMap { Self.problem(tempo: $0, name: "--tempo") } ?? key.flatMap(Self.problem(key:))
            ?? problem(for: jobInput)
    }

    /// What the kind of input does not allow: a length for a video (its music is as long as it
    /// is), the original sound of inputs that have none, a slideshow's frame.
    func problem(for input: JobInput) -> String? {
        if let duration, WordsInput.durationProblem(duration) == nil, case .video = input {
            return "--duration is for music from words and for slideshows; a video's music is as long as the video"
        }
        if let duration, let problem = WordsInput.durationProblem(duration) { return problem }
        if picture != nil, let problem = pictureProblem(input) { return problem }
        switch input {
        case .video:
            return nil
        case .words(let words):
            if words.cueSheet == nil && (prompt == nil || duration == nil) {
                return "--prompt without an input needs --duration SECONDS, the length of the music"
            }
            return soundProblem(of: "words")
        case .photos(let photos):
            return photos.problem ?? soundProblem(of: "photos")
        case .song:
            if duration != nil { return "--duration is for music from words and for slideshows; a song keeps its length" }
            return soundProblem(of: "songs")
        }
    }

    /// `--picture` is for songs: every other input brings its own pictures, or none by choice.
    private func pictureProblem(_ input: JobInput) -> String? {
        switch input {
        case .song: return PhotoInputs.problem(withFrameSize: pictureFrame.frameSize)
        case .video: return "--picture is for songs (.mid or a recording); a video keeps its own pictures, leave --picture out"
        case .photos: return "--picture is for songs (.mid or a recording); photos are the pictures already, leave --picture out"
        case .words: return "--picture is for songs (.mid or a recording), not for music from words"
        }
    }

    private func soundProblem(of kind: String) -> String? {
        guard audioMode == .mix || audioMode == .add else { return nil }
        return "--audio \(audioMode.rawValue): \(kind) have no sound of their own to \(audioMode.rawValue); "
            + "leave --audio out"
    }

    /// Throws a usage error (exit 64) naming the first problem.
    public func validate() throws(PipelineError) {
        if let problem { throw .usage(problem) }
    }
}
