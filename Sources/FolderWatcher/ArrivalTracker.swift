import FileSystem

/// Files that may be complete, waiting until they have stayed unchanged (size and modification
/// time) for the settle time. A pure state machine over time and file status, so it can be tested
/// without a file system: `note` and `settled` take the status and the clock as arguments.
public struct ArrivalTracker: Sendable {
    struct Candidate: Sendable, Equatable {
        var size: Int64
        var modified: Int64
        /// When size or time last changed (seconds on a monotonic clock).
        var since: Double
    }

    public enum Decision: Equatable, Sendable {
        case ignore
        case refuse(reason: String)
        case track
    }

    private(set) var candidates: [String: Candidate] = [:]
    public var settleSeconds: Double

    public init(settleSeconds: Double) {
        self.settleSeconds = settleSeconds
    }

    /// What to do with a file that an event or scan reported. `linkedIn` is set for a CREATE
    /// event: such a file is taken only when it is a hard link (a file being written is taken at
    /// its CLOSE_WRITE instead).
    public static func decide(name: String, status: FileStatus?, createdOnly: Bool) -> Decision {
        guard let status, !ArrivalFilter.isTemporary(name), !ArrivalFilter.isReport(name) else { return .ignore }
        switch status.kind {
        case .symlink: return .refuse(reason: "a symlink; soundtrack only takes regular files")
        case .folder: return .ignore
        case .other: return .refuse(reason: "not a regular file")
        // An empty file is a copy about to begin (`: > name`, a client that creates first and
        // writes later): it is taken when its content has come, not quarantined before.
        case .regular: return (createdOnly && status.links < 2) || status.size == 0 ? .ignore : .track
        }
    }

    /// Starts the settle clock for `path`; `restart` (an event, not a scan) starts it again for a
    /// file already waiting, since a writer that closed it again may not be done.
    public mutating func note(_ path: String, status: FileStatus, now: Double, restart: Bool) {
        if var candidate = candidates[path] {
            if candidate.size != status.size || candidate.modified != status.modified {
                candidate = Candidate(size: status.size, modified: status.modified, since: now)
            }
            if restart { candidate.since = max(candidate.since, now) }
            candidates[path] = candidate
        } else {
            candidates[path] = Candidate(size: status.size, modified: status.modified, since: now)
        }
    }

    /// Removes and returns the candidates that have settled; `status` looks a path up again (for
    /// a folder of photos, `PhotoAlbum.status`).
    public mutating func settled(now: Double, status: (String) -> FileStatus?) -> [String] {
        var ready: [String] = []
        for (path, candidate) in candidates {
            guard let current = status(path), current.kind == .folder || (current.kind == .regular && current.size > 0)
            else {
                candidates[path] = nil
                continue
            }
            if current.size != candidate.size || current.modified != candidate.modified {
                candidates[path] = Candidate(size: current.size, modified: current.modified, since: now)
            } else if now - candidate.since >= settleSeconds {
                candidates[path] = nil
                ready.append(path)
            }
        }
        return ready.sorted()
    }
}
