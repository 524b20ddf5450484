import Composition
import MediaIO
import SongListening

/// A song as a job's input: a Standard MIDI File, read within `MIDIReader`'s limits and
/// analysed, or a recording (anything FFmpeg reads as sound with no moving pictures), heard by
/// `SongListener`. A file that is not a usable song exits 65, a missing one 66.
public enum SongInput {
    static let extensions = [".mid", ".midi", ".smf", ".kar"]
    /// Extensions that only ever hold sound; other files are a recording when a probe finds
    /// sound and no video stream in them (`SoundReader.isSoundOnly`).
    static let soundExtensions = [
        ".mp3", ".wav", ".flac", ".aif", ".aiff", ".aac", ".m4a", ".opus", ".oga", ".wv", ".ape", ".au", ".caf", ".w64",
    ]

    /// Whether a path names a MIDI file (by its extension).
    public static func isSong(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    /// Whether a path names a recording to re-style: by its extension, or (for containers that
    /// may hold video, such as .ogg .mka .webm .mp4) by a probe that finds no video stream.
    public static func isRecording(_ path: String) -> Bool {
        let lower = path.lowercased()
        if soundExtensions.contains(where: { lower.hasSuffix($0) }) { return true }
        if isSong(path) || WordsInput.isCueSheet(path) || PhotoInputs.isPhotoOrFolder(path) { return false }
        return SoundReader.isSoundOnly(path)
    }

    /// Reads and analyses the song at `path`; `melodyTrack` (1-based, as `analyze` lists the
    /// parts) names the melody's part.
    public static func analysis(at path: String, melodyTrack: Int?) throws(PipelineError) -> SongAnalysis {
        if !isSong(path) {
            if melodyTrack != nil {
                throw .usage("--melody-track names a part of a MIDI file; a recording's melody is heard, leave it out")
            }
            return try listen(path)
        }
        let song = try read(path)
        var melodyPart: Int?
        if let melodyTrack {
            guard (1...song.parts.count).contains(melodyTrack), !song.parts[melodyTrack - 1].isDrums else {
                throw .usage(
                    "--melody-track \(melodyTrack): \(path) has \(song.parts.count) parts; give one of 1-\(song.parts.count) "
                        + "that is not drums (see soundtrack analyze)")
            }
            melodyPart = melodyTrack - 1
        }
        return SongAnalyzer.analyse(song, melodyPart: melodyPart)
    }

    /// Hears a recording: decoded in chunks (`SoundReader`), each chunk's spectra taken with
    /// av_tx (`SpectrumTransform`) and kept only as features, then analysed as a song.
    static func listen(_ path: String, interrupt: InterruptFlag = InterruptFlag()) throws(PipelineError) -> SongAnalysis
    {
        do {
            var extractor = try FeatureExtractor { size in try SpectrumTransform(size: size) }
            try SoundReader(interrupt: interrupt).read(path) { extractor.add($0) }
            return try SongListener.analyse(extractor.finish())
        } catch let error as ListeningError {
            throw .media(.notAudio(path: path, reason: error.description))
        } catch let error as MediaError {
            throw .media(error)
        } catch {
            throw .internalFailure(reason: "\(error)")
        }
    }

    static func read(_ path: String) throws(PipelineError) -> Song {
        do {
            let file = try InputFile(path: path)
            guard let bytes = try file.bytes(limit: MIDIReader.maximumBytes) else {
                throw PipelineError.badSong(
                    path: path, .tooLarge("\(file.size) bytes, at most \(MIDIReader.maximumBytes)"))
            }
            return try MIDIReader.song(from: bytes)
        } catch let error as SongError {
            throw .badSong(path: path, error)
        } catch let error as MediaError {
            throw .media(error)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw .internalFailure(reason: "\(error)")
        }
    }
}
