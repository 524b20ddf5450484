import Composition
import MediaIO

/// A song as a job's input: a Standard MIDI File, read within `MIDIReader`'s limits and
/// analysed. A file that is not a usable song exits 65, a missing one 66.
public enum SongInput {
    static let extensions = [".mid", ".midi", ".smf", ".kar"]

    /// Whether a path names a MIDI file (by its extension).
    public static func isSong(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    /// Reads and analyses the song at `path`; `melodyTrack` (1-based, as `analyze` lists the
    /// parts) names the melody's part.
    public static func analysis(at path: String, melodyTrack: Int?) throws(PipelineError) -> SongAnalysis {
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
