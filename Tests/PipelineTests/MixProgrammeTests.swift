import Foundation
import Mixing
import TestSupport
import Testing

@testable import Pipeline

@Suite("Mixing as it reads: the music under the original, never stored")
struct MixProgrammeTests {
    /// A plan over two spools: 10 000 frames of music (a ramp) and 6 000 of original (a
    /// constant), ducked by four blocks' gains, 12 000 frames long.
    static func plan(in folder: TemporaryFolder) throws -> MixPlan {
        let music = try PCMSpool(folder: folder.url.path, for: "out.mp4")
        let original = try PCMSpool(folder: folder.url.path, for: "out.mp4")
        let ramp = (0..<10_000).flatMap { frame in [Float(frame) / 10_000, -Float(frame) / 20_000] }
        try ramp.withUnsafeBufferPointer { try music.append($0) }
        try [Float](repeating: 0.25, count: 12_000).withUnsafeBufferPointer { try original.append($0) }
        return MixPlan(
            music: music, original: original, musicGain: 6, duck: [1, 0.5, 0.25, 1, 0.8], frameCount: 12_000,
            originalLoudness: -20)
    }

    static func replayed(_ plan: MixPlan, _ stretches: [Range<Int>]) throws -> [Float] {
        var samples: [Float] = []
        for frames in stretches {
            try MixProgramme.replay(plan, frames: frames) { samples.append(contentsOf: $0) }
        }
        return samples
    }

    @Test("Stretches replayed apart join into exactly the whole, and each frame is music x gain x duck + original")
    func stretchesJoinIntoTheWhole() throws {
        let folder = try TemporaryFolder()
        let plan = try Self.plan(in: folder)
        let whole = try Self.replayed(plan, [0..<12_000])
        let joined = try Self.replayed(plan, [0..<4_321, 4_321..<4_322, 4_322..<12_000])
        #expect(whole.count == 24_000)
        #expect(joined == whole)

        let gain = Float(Decibels.linear(6))
        for frame in [0, 1_199, 2_400, 5_999, 6_000, 9_999] {
            let duck = DuckingEnvelope.gain(plan.duck, atFrame: frame, blockFrames: MixProgramme.blockFrames)
            let original: Float = frame < 6_000 ? 0.25 : 0
            #expect(whole[2 * frame] == Float(frame) / 10_000 * (gain * duck) + original, "frame \(frame)")
            #expect(whole[2 * frame + 1] == -Float(frame) / 20_000 * (gain * duck) + original, "frame \(frame)")
        }
    }

    @Test("Past the end of either spool the mix goes on with silence in its place")
    func shorterInputsAreSilence() throws {
        let folder = try TemporaryFolder()
        let plan = try Self.plan(in: folder)
        let tail = try Self.replayed(plan, [10_000..<12_000])
        #expect(tail.count == 4_000)
        #expect(tail.allSatisfy { $0 == 0 })
    }
}
