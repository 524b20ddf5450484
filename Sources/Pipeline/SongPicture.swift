import Analysis
import MediaIO

/// The picture a re-styled song is put under (`--picture`): a photo, shown still for the whole
/// song by the slideshow writer (a slideshow of one photo), or a video, whose main video stream
/// is copied and cut or held to the song's length (`SoundtrackWriter.write(picture:)`).
enum SongPicture {
    case photo(PhotoInputs, InputFile)
    case video(InputFile, MediaInfo)

    /// Opens and checks the picture before the long work: a photo is decoded (small), a video
    /// probed. `shown` says how a photo is framed (`--size`, `--motion`). Anything else is not a
    /// picture: exit 65, one line.
    static func open(
        _ path: String, shown: PhotoInputs, reader: MediaReader, photoReader: PhotoReader
    ) throws(PipelineError) -> SongPicture {
        if PhotoReader.isPhotoName(path) {
            let file = try Self.file(path)
            do {
                _ = try photoReader.read(file, fitting: InputStage.analysisBox)
            } catch {
                throw .media(error)
            }
            var photo = shown
            photo.paths = [path]
            return .photo(photo, file)
        }
        if PhotoInputs.isPhotoOrFolder(path) || SongInput.isSong(path) || WordsInput.isCueSheet(path) {
            throw .media(.notAVideo(path: path, reason: Self.kinds))
        }
        let file = try Self.file(path)
        do {
            return .video(file, try reader.probe(file))
        } catch .notAVideo(_, let reason) {
            throw .media(.notAVideo(path: path, reason: "\(reason); \(Self.kinds)"))
        } catch {
            throw .media(error)
        }
    }

    static let kinds = "--picture takes a photo (JPEG, PNG, WebP, GIF, BMP, TIFF) or a video"

    private static func file(_ path: String) throws(PipelineError) -> InputFile {
        do {
            return try InputFile(path: path)
        } catch {
            throw .media(error)
        }
    }

    /// Whether the picture is a photo, which the slideshow writer codes as H.264.
    var isPhoto: Bool {
        if case .photo = self { return true }
        return false
    }

    /// The picture as the delivery stage takes it, once the song's length (`duration`, seconds)
    /// is known: a photo becomes a slideshow of one, as long as the song to the frame.
    func opened(duration: Double) throws(PipelineError) -> OpenedInput {
        switch self {
        case .video(let file, let info):
            return .video(file: file, info: info)
        case .photo(let photo, let file):
            do {
                let timing = try SlideshowTiming.plan(
                    photos: 1, secondsPerPhoto: duration, duration: duration, framesPerSecond: photo.framesPerSecond)
                return .photos(OpenedPhotos(inputs: photo, files: [file], timing: timing, shotFrames: timing.plannedFrames))
            } catch {
                throw .usage(error.description)
            }
        }
    }
}
