import FileSystem
import Foundation
import Journal
import Logging
import MediaIO
import Pipeline
import Threads
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// Takes one claimed journal entry to its end: a soundtracked output and the after-action, another
/// try later, or the failed folder with an error report.
struct JobRunner: Sendable {
    let journal: Journal
    let logger: Logger
    let maximumAttempts: Int
    /// The lease the publish fence renews (`JobRunner+Fencing.swift`).
    let leaseSeconds: Double
    /// Synthesizer threads per job: one when several jobs share the cores.
    let renderThreads: Int
    /// The daemon's one copy of the SoundFont.
    let renderer: SharedRenderer
    let metrics: DaemonMetrics
    /// See `TestHang`.
    let hang: TestHang

    enum Outcome: Equatable, Sendable {
        case done(output: String)
        case retry
        case failed
        case givenBack
        /// The output cannot be written (no space, no permission): the job waits in the queue,
        /// its attempt not counted, and the worker pauses before taking work again.
        case blocked(reason: String)
        case refused
    }

    func run(_ entry: JournalEntry, watch: WatchFolder, control: JobControl) async -> Outcome {
        var logger = logger
        logger[metadataKey: "job.id"] = "\(entry.id)"
        logger[metadataKey: "file"] = "\(entry.identity.path)"
        let path = entry.identity.path

        guard let current = FileIdentity.arrival(path), current == entry.identity else {
            let reason = "vanished or changed after it was queued; a new version is taken when it settles"
            logger.notice("not processed: \(reason)")
            await record { _ = try? $0.markRefused(entry.claim, reason: reason) }
            return .refused
        }

        // The photos of an album as they are when its job starts: `after = "delete"` deletes
        // these, and only those still unchanged, once the slideshow is delivered.
        let album = FileStatus(path: path)?.kind == .folder ? PhotoAlbum.photos(in: path) : nil
        logger.info("job started", metadata: ["attempt": "\(entry.attempts)"])
        let timer = Task { [jobSeconds = control.jobSeconds] in
            try await Task.sleep(for: .seconds(jobSeconds))
            control.stop(.timeLimit)
        }
        defer { timer.cancel() }

        let stage = StageRecorder.Box()
        var result: Result<Finished, PipelineError> = .failure(.internalFailure(reason: "not run"))
        for taken in 0..<5 {
            let output = OutputNames.output(for: path, watch: watch, skipping: taken)
            guard OutputNames.makeFolder(AtomicFolder.of(output)) else {
                result = .failure(.cannotCreateOutput(path: output, reason: String(cString: strerror(errno))))
                break
            }
            var options = options(input: path, output: output, watch: watch)
            options.beforePublish = publishFence(entry, control: control)
            result = await runOnThread(options, logger, stage, control)
            if case .failure(let error) = result, case .media(.outputExists) = error.cause { continue }
            break
        }

        let seconds = max(0, DaemonState.now() - control.startedAt)
        switch result {
        case .success(let finished):
            let output = finished.output
            let recorded = await record { journal in
                Result { () throws(JournalError) in try journal.markDone(entry.claim, output: output) }
            }
            guard case .success(true) = recorded else {
                return withdraw(output, watch: watch, logger: logger, unrecorded: recorded)
            }
            metrics.jobEnded(outcome: "done", seconds: seconds, mediaSeconds: finished.mediaSeconds)
            OutputAccess.apply(output: output, input: path, watch: watch, logger: logger)
            if watch.report {
                OutputAccess.apply(output: OutputNames.report(for: output), input: path, watch: watch, logger: logger)
            }
            logger.notice("done", metadata: ["output": "\(output)"])
            applyAfter(watch.after, entry: entry, album: album, watch: watch, logger: logger)
            return .done(output: output)
        case .failure(let error):
            if control.reason == .leaseLost {
                logger.notice("stopped: another machine holds the job now; nothing is published")
                return .givenBack
            }
            if control.reason == .inputChanged {
                let reason = "changed while its job ran; nothing is published, the new version is taken when it settles"
                logger.notice("not processed: \(reason)")
                await record { _ = try? $0.markRefused(entry.claim, reason: reason) }
                return .refused
            }
            if control.reason == .claimUnconfirmed {
                await record { try? $0.giveBack(entry.claim) }
                logger.warning(
                    "finished, but the journal could not confirm the claim; nothing is published, the job runs again",
                    metadata: ["reason": "\(error)"])
                return .givenBack
            }
            if control.reason == .shutdown {
                await record { try? $0.giveBack(entry.claim) }
                logger.notice("stopped by the shutdown; it will run again at the next start")
                return .givenBack
            }
            if control.reason == .none, let reason = Self.blockedOutput(error) {
                await record { try? $0.giveBack(entry.claim) }
                logger.error(
                    "cannot write the output; the input is kept and the job waits until it can",
                    metadata: ["reason": "\(reason)"])
                return .blocked(reason: reason)
            }
            let permanent = [64, 65, 66].contains(error.exitCode)
            let reason =
                control.reason == .timeLimit
                ? "took longer than job_seconds (\(Int(control.jobSeconds)) s) and was stopped" : error.description
            let stageName = stage.current
            guard
                let state = await record({
                    try? $0.markFailed(
                        entry.claim, reason: reason, stage: stageName, retry: !permanent,
                        maximumAttempts: maximumAttempts)
                }) ?? nil
            else {
                logger.notice("failed, but another machine holds the job now; its record is left alone")
                return .givenBack
            }
            if state == .queued {
                logger.warning(
                    "failed; will try again",
                    metadata: ["reason": "\(reason)", "stage": "\(stage.current)", "attempt": "\(entry.attempts)"])
                return .retry
            }
            metrics.jobEnded(outcome: "failed", seconds: seconds, mediaSeconds: nil)
            let parked = Quarantine.move(
                input: path, watch: watch,
                report: ErrorReport(
                    file: path, reason: reason, stage: stage.current, exitCode: error.exitCode,
                    attempts: entry.attempts,
                    ffmpegLog: FFmpegLog.tail),
                logger: logger)
            logger.error(
                parked == nil ? "failed; kept in the drop folder" : "failed; moved to the failed folder",
                metadata: ["reason": "\(reason)", "stage": "\(stage.current)"])
            if let parked { await record { try? $0.markParked(entry.id, at: parked) } }
            return .failed
        }
    }

    /// A journal call, on a thread of its own (`journalWork`).
    private func record<T>(_ body: @escaping @Sendable (Journal) -> T) async -> T {
        await journalWork { [journal] in body(journal) }
    }

    /// What a successful pipeline run gives back: where the output went and how long the video
    /// is (for the speed metric).
    struct Finished: Sendable {
        var output: String
        var mediaSeconds: Double?
    }

    /// Failures of the output's folder or disk rather than of the input: they pass when an
    /// administrator frees space or fixes permissions, so they never count against the file.
    static func blockedOutput(_ error: PipelineError) -> String? {
        switch error.cause {
        case .cannotCreateOutput: return error.description
        case .media(.cannotWriteOutput): return error.description
        default: return nil
        }
    }

    private func options(input: String, output: String, watch: WatchFolder) -> JobOptions {
        var options = JobOptions(input: input)
        options.output = output
        options.style = watch.style
        // The folder's audio mode is for videos: words and photos have no sound of their own.
        if case .video = options.jobInput { options.audioMode = watch.audio }
        options.lufs = watch.lufs
        options.seed = watch.seed
        options.prompt = watch.prompt
        options.renderThreads = renderThreads
        if watch.report { options.reportPath = OutputNames.report(for: output) }
        return options
    }

    /// The pipeline blocks in C for seconds at a time: it gets a thread of its own, never one of
    /// the cooperative pool's.
    private func runOnThread(
        _ options: JobOptions, _ logger: Logger, _ stage: StageRecorder.Box, _ control: JobControl
    ) async -> Result<Finished, PipelineError> {
        let hangSeconds = hang.nextJob()
        let work = Background(name: "job", stackSize: 8 << 20) {
            [renderer] () -> Result<Finished, PipelineError> in
            if hangSeconds > 0 { usleep(UInt32(hangSeconds * 1e6)) }
            var options = options
            options.renderer = renderer.wait { control.interrupt.isSet }
            var recording = logger
            recording.handler = StageRecorder(upstream: logger.handler, box: stage)
            let progress = ProgressReporter(interactive: false, logger: recording)
            do throws(PipelineError) {
                let report = try Self.job(options, logger: recording, progress: progress, control: control)
                return .success(Finished(output: report.output ?? options.output ?? "", mediaSeconds: report.duration))
            } catch {
                return .failure(error)
            }
        }
        return (try? await work.value) ?? .failure(.internalFailure(reason: "the job's thread ended without a result"))
    }

    /// The one job for every kind of input: a video, a cue sheet, a photo dropped alone (a still
    /// video with music) or a settled folder of photos (one slideshow).
    private static func job(
        _ options: JobOptions, logger: Logger, progress: ProgressReporter, control: JobControl
    ) throws(PipelineError) -> Report {
        if SongJob.takes(input: options.input) {
            var job = SongJob(options: options, logger: logger, progress: progress)
            job.interrupt = control.interrupt
            return try job.runReporting()
        }
        var job = SoundtrackJob(options: options, logger: logger, progress: progress)
        job.interrupt = control.interrupt
        return try job.run()
    }

    /// Deletes or moves the input after success, as configured; failures are logged, not fatal.
    /// For an album, `delete` deletes the photos that went into the slideshow (`album`, as they
    /// were when the job started) and then the folder if nothing else is left in it.
    private func applyAfter(
        _ after: AfterAction, entry: JournalEntry, album: [(name: String, status: FileStatus)]?, watch: WatchFolder,
        logger: Logger
    ) {
        let input = entry.identity.path
        if after != .keep && Self.changedSinceQueued(entry) {
            logger.warning(
                "kept the input: it was replaced or rewritten after its job started; the new version makes a job of its own")
            return
        }
        switch after {
        case .keep:
            break
        case .delete:
            if let album {
                let outcome = PhotoAlbum.delete(album, in: input)
                if !outcome.kept.isEmpty {
                    logger.warning(
                        "kept photos that changed while the slideshow was made; they make a new one",
                        metadata: ["photos": "\(outcome.kept.joined(separator: ", "))"])
                }
                for failure in outcome.failures {
                    logger.warning("could not delete a photo", metadata: ["reason": "\(failure)"])
                }
                logger.info(
                    "deleted the album's photos",
                    metadata: [
                        "photos": "\(outcome.deleted)", "folder": "\(outcome.folderRemoved ? "removed" : "kept")",
                    ])
            } else if unlink(input) != 0 {
                logger.warning(
                    "could not delete the input", metadata: ["reason": "\(String(cString: strerror(errno)))"])
            }
        case .move(let target):
            let destination = OutputNames.destination(for: input, watch: watch, in: target)
            if let reason = Quarantine.moveFile(input, to: destination) {
                logger.warning("could not move the input", metadata: ["to": "\(destination)", "reason": "\(reason)"])
            }
        }
    }
}
