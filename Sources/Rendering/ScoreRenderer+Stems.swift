import Composition

extension ScoreRenderer {
    /// Renders every track of `score` on a synthesizer of its own, side by side, and hands each
    /// chunk to `sink` as the full mix (the sum of the tracks) and one buffer per track, in the
    /// score's track order.
    ///
    /// Each track has its own reverb, so the stems add up to the mix exactly and can be remixed
    /// in an editor; the mix differs from `render(_:)`'s only by voices that a shared synthesizer
    /// would have stolen. Every buffer is `frameCount(duration:sampleRate:)` frames long in all,
    /// with the same edge fades. Costs about as much as `render(_:)`: the work is the same notes.
    public func renderStems(
        _ score: Score, progress: ((Double) -> Void)? = nil,
        sink: (_ mix: UnsafeBufferPointer<Float>, _ tracks: [UnsafeBufferPointer<Float>]) throws -> Void
    ) throws {
        guard score.duration.isFinite, score.duration >= 0 else {
            throw RenderingError.invalidParameter("score duration \(score.duration) s is not a length")
        }
        let totalFrames = Self.frameCount(duration: score.duration, sampleRate: sampleRate)
        let parts = try score.tracks.map { track in
            let schedule = EventSchedule(
                tracks: [track], tempoMap: score.tempoMap, sampleRate: sampleRate, totalFrames: totalFrames,
                blockFrames: Synthesizer.blockFrames)
            let synthesizer = try Synthesizer(
                soundFontPath: soundFontPath, sampleRate: sampleRate, channels: 16,
                splittingOddChannels: schedule.echo != nil)
            return try SynthPart(synthesizer: synthesizer, schedule: schedule, tempoMap: score.tempoMap, sampleRate: sampleRate)
        }

        let channels = Self.channels
        let mix = UnsafeMutableBufferPointer<Float>.allocate(capacity: Self.chunkFrames * channels)
        defer { mix.deallocate() }
        let fades = EdgeFades(totalFrames: totalFrames, sampleRate: sampleRate)
        // Tracks are spread over `threads` workers; each worker renders its tracks in turn, a
        // few chunks ahead of the mix.
        let workers = max(1, min(threads, parts.count))
        let tracksOfWorker = (0..<workers).map { worker in Array(stride(from: worker, to: parts.count, by: workers)) }
        let producers = tracksOfWorker.enumerated().map { worker, tracks in
            ChunkProducer(
                name: "stems \(worker + 1)", outputs: max(tracks.count, 1), chunkFrames: Self.chunkFrames,
                totalFrames: parts.isEmpty ? 0 : totalFrames, channels: channels, depth: Self.stemChunksAhead
            ) { frames, buffers in
                for (buffer, track) in zip(buffers, tracks) {
                    try parts[track].render(frames: frames, into: buffer)
                }
            }
        }
        defer {
            for producer in producers { producer.stop() }
        }

        var trackBuffers = [UnsafeMutableBufferPointer<Float>](repeating: mix, count: parts.count)
        var position = 0
        while position < totalFrames {
            let frames = min(Self.chunkFrames, totalFrames - position)
            let samples = frames * channels
            if !parts.isEmpty {
                for (producer, tracks) in zip(producers, tracksOfWorker) {
                    for (buffer, track) in zip(try producer.next(), tracks) { trackBuffers[track] = buffer }
                }
            }
            let mixChunk = UnsafeMutableBufferPointer(rebasing: mix[0..<samples])
            mixChunk.update(repeating: 0)
            var trackChunks: [UnsafeBufferPointer<Float>] = []
            for buffer in trackBuffers {
                let chunk = UnsafeMutableBufferPointer(rebasing: buffer[0..<samples])
                fades.apply(to: chunk, startingAt: position, channels: channels)
                for index in 0..<samples { mixChunk[index] += chunk[index] }
                trackChunks.append(UnsafeBufferPointer(chunk))
            }
            try sink(UnsafeBufferPointer(mixChunk), trackChunks)
            if !parts.isEmpty {
                for producer in producers { producer.release() }
            }
            position += frames
            progress?(Double(position) / Double(totalFrames))
        }
    }
}
