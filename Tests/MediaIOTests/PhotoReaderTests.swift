import Foundation
import TestSupport
import Testing

@testable import MediaIO

@Suite("PhotoReader on generated stills")
struct PhotoReaderTests {
    init() {
        FFmpegLog.install()
    }

    /// Whether the pixel at the fractions (x, y) of the photo is white (the marker), not red.
    static func isWhite(_ photo: Photo, x: Double, y: Double) -> Bool {
        let px = min(photo.size.width - 1, Int(x * Double(photo.size.width)))
        let py = min(photo.size.height - 1, Int(y * Double(photo.size.height)))
        let index = (py * photo.size.width + px) * 3
        return photo.rgb[index + 1] > 200 && photo.rgb[index + 2] > 200
    }

    static func read(_ path: String, fitting box: PixelSize = PixelSize(width: 1000, height: 1000)) throws -> Photo {
        try PhotoReader().read(InputFile(path: path), fitting: box)
    }

    @Test(
        "JPEG, PNG and WebP decode upright, scaled to fit the box",
        arguments: [Clip.markedJPEG, .markedPNG, .markedWebP])
    func decodesFormats(_ fixture: Clip) async throws {
        let photo = try Self.read(try await fixture.path())
        #expect(photo.size == PixelSize(width: 1000, height: 750))
        #expect(photo.storedSize == PixelSize(width: 320, height: 240))
        #expect(photo.orientation == 1)
        #expect(Self.isWhite(photo, x: 0.05, y: 0.05))
        #expect(!Self.isWhite(photo, x: 0.95, y: 0.05))
        #expect(!Self.isWhite(photo, x: 0.05, y: 0.95))
    }

    /// Orientation 6: turn 90 degrees clockwise (the top-left corner goes to the top right);
    /// orientation 8: 90 degrees counter-clockwise (it goes to the bottom left).
    @Test("EXIF orientation 6 and 8 turn the picture", arguments: [(6, 0.95, 0.05), (8, 0.05, 0.95)])
    func exifOrientation(_ orientation: Int, _ markerX: Double, _ markerY: Double) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: try await Clip.markedJPEG.path()))
        let path = folder.path("turned.jpg")
        try EXIF.withOrientation(UInt16(orientation), jpeg).write(to: URL(fileURLWithPath: path))

        let photo = try Self.read(path, fitting: PixelSize(width: 1920, height: 1080))

        #expect(photo.orientation == orientation)
        #expect(photo.storedSize == PixelSize(width: 320, height: 240))
        #expect(photo.size == PixelSize(width: 810, height: 1080))
        #expect(Self.isWhite(photo, x: markerX, y: markerY))
        #expect(!Self.isWhite(photo, x: 0.05, y: 0.05))
        #expect(!Self.isWhite(photo, x: 1 - markerX, y: 1 - markerY))
    }

    @Test("Every EXIF orientation puts the corner where a viewer shows it")
    func everyOrientation() {
        // A 3x2 picture, pixels numbered 0...5 row by row; the expected upright layouts.
        let expected: [Int: (PixelSize, [UInt8])] = [
            1: (PixelSize(width: 3, height: 2), [0, 1, 2, 3, 4, 5]),
            2: (PixelSize(width: 3, height: 2), [2, 1, 0, 5, 4, 3]),
            3: (PixelSize(width: 3, height: 2), [5, 4, 3, 2, 1, 0]),
            4: (PixelSize(width: 3, height: 2), [3, 4, 5, 0, 1, 2]),
            5: (PixelSize(width: 2, height: 3), [0, 3, 1, 4, 2, 5]),
            6: (PixelSize(width: 2, height: 3), [3, 0, 4, 1, 5, 2]),
            7: (PixelSize(width: 2, height: 3), [5, 2, 4, 1, 3, 0]),
            8: (PixelSize(width: 2, height: 3), [2, 5, 1, 4, 0, 3]),
        ]
        let rgb: [UInt8] = (0..<6).flatMap { index -> [UInt8] in [UInt8(index), 0, 0] }
        for (value, (size, order)) in expected.sorted(by: { $0.key < $1.key }) {
            let turned = PhotoOrientation(exif: value).apply(to: rgb, size: PixelSize(width: 3, height: 2))
            #expect(turned.size == size, "orientation \(value)")
            #expect(stride(from: 0, to: turned.rgb.count, by: 3).map { turned.rgb[$0] } == order, "orientation \(value)")
        }
    }

    // MARK: Refusals

    static func refusal(_ bytes: Data, name: String) throws -> MediaError? {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path(name)
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try read(path)
            return nil
        } catch let error as MediaError {
            return error
        }
    }

    @Test("A 30000x30000 PNG is refused from its header, before any decoding")
    func hugePNG() throws {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        png += Data("IHDR".utf8) + Data([0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 0, 0, 0, 0, 0, 0, 0, 0])
        let error = try Self.refusal(png, name: "huge.png")
        #expect(error?.kind == .notAPhoto)
        #expect(error?.description.contains("30000x30000") == true, "\(String(describing: error))")
    }

    @Test("An empty file, a cut-short JPEG and text named .jpg are not photos")
    func badFiles() async throws {
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: try await Clip.markedJPEG.path()))
        let cases: [(Data, String, String)] = [
            (Data(), "empty.jpg", "empty"),
            (jpeg.prefix(jpeg.count * 2 / 3), "cut.jpg", "cut short"),
            (Data("holiday notes\n".utf8), "notes.jpg", "not a JPEG"),
        ]
        for (bytes, name, words) in cases {
            let error = try Self.refusal(bytes, name: name)
            #expect(error?.kind == .notAPhoto, "\(name)")
            #expect(error?.description.contains(words) == true, "\(name): \(String(describing: error))")
        }
    }

    @Test("The header gives the stored size of JPEG, PNG and WebP files")
    func headerSizes() async throws {
        for fixture in [Clip.markedJPEG, .markedPNG, .markedWebP] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try await fixture.path())))
            let header = try #require(PhotoHeader(bytes), "\(fixture.id)")
            #expect(header.width == 320 && header.height == 240, "\(fixture.id): \(header)")
            if header.kind == .jpeg {
                #expect(bytes.withUnsafeBytes(PhotoHeader.jpegIsComplete))
            }
        }
    }
}
