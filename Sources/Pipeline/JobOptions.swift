import Rendering

/// How the new soundtrack meets the original sound.
public enum AudioMode: String, Sendable, CaseIterable, Codable {
    /// Music alone in the new track (the original tracks are still copied, not default).
    case replace
    /// Music under the original sound, ducked while the original is loud.
    case mix
    /// The original track stays first; the music comes as another track.
    case add
    /// `replace` when the original is absent or silent, `mix` otherwise.
    case auto
}

/// Everything one job needs to know, whatever its input.
public struct JobOptions: Sendable {
    /// The input as named: a video, a cue sheet, a photo or a folder of photos, or "" for a
    /// prompt alone (the first photo or folder of a slideshow of several).
    public var input: String
    /// What the job starts from, when the caller decided (the photos of a slideshow, and how
    /// they are shown); nil: what `input` names (`JobInput.classify`).
    public var source: JobInput?
    /// Nil: `NAME.soundtrack.EXT` beside the input (or in `outputFolder`).
    public var output: String?
    /// An existing folder for `NAME.soundtrack.EXT` when `output` is nil (`-o DIR`, batches).
    public var outputFolder: String?
    /// Replace an existing output.
    public var force = false
    public var style = "auto"
    public var prompt: String?
    /// Length of music made from words, seconds: required for a prompt alone, optional for a
    /// cue sheet (default: `CueSheet.tailSeconds` after its last cue); for photos, the length of
    /// the whole slideshow. A video's music is as long as the video: refused there.
    public var duration: Double?
    public var seed: UInt64 = 1
    /// Tempo the music centres on, in bpm; nil lets the moods choose.
    public var tempo: Double?
    /// Home key, for example "D minor"; nil lets the seed choose.
    public var key: String?
    public var audioMode = AudioMode.auto
    /// Integrated loudness target of the delivered track, LUFS.
    public var lufs = -16.0
    /// Highest true peak allowed in the delivered track, dBTP.
    public var truePeakLimit = -1.0
    public var midiPath: String?
    public var reportPath: String?
    public var soundFont: String?
    /// Synthesizers rendering in parallel (the daemon asks for one when jobs run side by side).
    public var renderThreads = 2
    /// Folder for one WAV file per instrument and one of the music mix (`--stems`).
    public var stemsPath: String?
    /// The part of a re-styled song that carries the melody, 1-based as `soundtrack analyze`
    /// lists the parts (`--melody-track`); nil lets the analysis choose.
    public var melodyTrack: Int?
    /// A photo or a video to put a re-styled song under (`--picture`): the output is then a
    /// video as long as the song. Only songs take it.
    public var picture: String?
    /// How a photo given as `picture` is framed (`--size`, `--motion`); its paths are unused.
    public var pictureFrame = PhotoInputs(paths: [])
    /// A renderer that already holds the SoundFont, shared between jobs (the daemon loads the
    /// font once); nil: the job loads `soundFont` itself.
    public var renderer: ScoreRenderer?
    /// Asked on the job's thread just before the output is linked under its name: nil lets it
    /// be published, a reason keeps it unnamed (the job then fails with `.notPublished` and
    /// nothing is left). The daemon checks here that it still holds the job's claim.
    public var beforePublish: (@Sendable () -> String?)?

    public init(input: String) {
        self.input = input
    }

    /// What the job starts from.
    public var jobInput: JobInput {
        source ?? .classify(path: input)
    }
}
