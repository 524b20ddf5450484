import FileSystem
import Pipeline

/// What to do with an input once its soundtracked copy is written.
public enum AfterAction: Sendable, Equatable {
    case keep
    case delete
    /// Move it into this folder.
    case move(to: String)
}

/// How new files are noticed.
public enum WatchMode: String, Sendable, Equatable {
    /// inotify, falling back to polling for folders inotify cannot watch.
    case auto
    /// Rescan every `pollSeconds`, never inotify (network file systems).
    case poll
}

/// One drop folder.
public struct WatchFolder: Sendable, Equatable {
    public var input: String
    public var output: String
    public var failed: String
    public var after: AfterAction = .keep
    public var style = "auto"
    public var audio = AudioMode.auto
    public var lufs = -16.0
    public var seed: UInt64 = 1
    public var prompt: String?
    /// What a cue sheet (`.txt`, `.json`) dropped here becomes (`format`): "wav" or "mid".
    public var format = "wav"
    /// Permission bits of each output (`output_mode`). Group-readable by default: the people who
    /// share a drop folder must be able to read what comes out of it.
    public var outputMode: UInt32 = 0o640
    /// The group each output is given (`output_group`); nil gives it the group of its input, so
    /// that whoever could read the input can read the result.
    public var outputGroup: UInt32?
    /// Write an HTML report beside each output (`report`), named as `OutputNames.report(for:)` says.
    public var report = false
    /// The line of its `[[watch]]` header, for messages.
    public var line = 0
    /// The line of each key, for messages.
    public var lines: [String: Int] = [:]
}

extension WatchFolder {
    /// What a dropped cue sheet can become (the outputs music from words has so far).
    public static let cueSheetFormats = ["wav", "m4a", "flac", "opus", "mp3", "mid"]
}

/// watch.conf, parsed and checked.
public struct WatchConfig: Sendable, Equatable {
    public var workers = 1
    /// An SQLite file (one machine), or a `postgresql://` URL (several machines, one queue).
    public var journal = "/var/lib/soundtrack/journal.sqlite"
    /// A file holding the PostgreSQL password (`journal_password_file`); libpq also reads
    /// `PGPASSWORD` and `~/.pgpass`. Never the password itself: watch.conf is world-readable.
    public var journalPasswordFile: String?
    /// This daemon's name in the journal (`machine`); nil: the host name.
    public var machine: String?
    /// How long a claim on a job lasts without its heartbeat (`lease_seconds`); a job whose
    /// machine stopped renewing goes back to the queue after it.
    public var leaseSeconds = 60.0
    public var settleSeconds = 5.0
    /// 0: inotify only; N: also rescan every N seconds.
    public var pollSeconds = 0.0
    public var mode = WatchMode.auto
    /// Longest a single job may run before it is stopped and counted as a failure.
    public var jobSeconds = 3600.0
    /// How long a shutdown waits for jobs in flight before stopping them (they are re-queued).
    public var stopSeconds = 20.0
    /// Failed attempts before a file goes to the failed folder.
    public var attempts = 3
    public var folders: [WatchFolder] = []
    /// Where the status page, `/healthz` and `/metrics` are served; nil (the default): nowhere.
    public var listen: ListenAddress?
    /// Whether `listen` may be an address other machines reach (`listen_remote`).
    public var listenRemote = false
    /// The line of each key of `[daemon]`, for messages.
    public var daemonLines: [String: Int] = [:]
    /// The line of `journal`, or 0 when the default is used.
    var journalLine: Int { daemonLines["journal"] ?? 0 }

    public init() {}

    /// How often folders are rescanned: `pollSeconds`, or every 2 s in poll mode without one.
    public var rescanSeconds: Double? {
        if pollSeconds > 0 { return pollSeconds }
        return mode == .poll ? 2 : nil
    }

    /// The watch folder that holds `path`, if any.
    public func folder(holding path: String) -> WatchFolder? {
        folders.first { FolderPaths.contains($0.input, path) }
    }
}
