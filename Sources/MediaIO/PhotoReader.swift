#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// The image demuxers a photo may be read with. Each reads one picture from the bytes it is
/// given; `image2`, which expands names into numbered sequences, is not among them.
let allowedPhotoFormats = "jpeg_pipe,png_pipe,webp_pipe,gif,bmp_pipe,tiff_pipe"

/// Reads still photos (JPEG, PNG, WebP, GIF, BMP, TIFF): checks the header's picture size before
/// any decoder runs, decodes the first picture, turns it upright as its EXIF orientation says,
/// and scales it to fit a box with libswscale.
public struct PhotoReader: Sendable {
    public var limits: InputLimits
    public var interrupt: InterruptFlag
    /// Largest photo file read, in bytes (a JPEG is read whole to check that it is complete).
    public var maxFileBytes: Int64 = 256 * 1024 * 1024

    public init(limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag()) {
        self.limits = limits
        self.interrupt = interrupt
    }

    /// Whether a file name looks like a photo this reader takes (by extension).
    public static func isPhotoName(_ path: String) -> Bool {
        photoExtensions.contains(OutputFormat.pathExtension(path))
    }

    public static let photoExtensions: Set<String> = [
        "jpg", "jpeg", "jpe", "png", "webp", "gif", "bmp", "tif", "tiff",
    ]

    /// The photo in `file`, upright and scaled to the largest size with its aspect ratio that fits
    /// `box` (enlarged when it is smaller).
    public func read(_ file: InputFile, fitting box: PixelSize) throws(MediaError) -> Photo {
        let kind = try checkHeader(file)
        let demuxer = try PhotoDemuxer(file: file, kind: kind, interrupt: interrupt)
        let frame = try demuxer.decodeFirstPicture(maxPixels: limits.maxPixelsPerFrame)
        let source = frame.pointer.pointee
        let stored = PixelSize(width: Int(source.width), height: Int(source.height))
        guard stored.pixels <= limits.maxPixelsPerFrame else {
            throw .notAPhoto(path: file.path, reason: "it is \(stored) pixels, larger than allowed")
        }
        let exif = Self.orientation(of: frame.pointer)
        let orientation = PhotoOrientation(exif: exif)
        let upright = orientation.swapsAxes ? PixelSize(width: stored.height, height: stored.width) : stored
        let fitted = upright.fitted(into: box)
        let scaledSize = orientation.swapsAxes ? PixelSize(width: fitted.height, height: fitted.width) : fitted
        let rgb = try Self.scale(frame.pointer, to: scaledSize, path: file.path)
        let turned = orientation.apply(to: rgb, size: scaledSize)
        return Photo(size: turned.size, rgb: turned.rgb, storedSize: stored, orientation: exif)
    }

    /// Refuses empty, unknown, oversized and (for JPEG) cut-short files from their bytes alone.
    private func checkHeader(_ file: InputFile) throws(MediaError) -> PhotoHeader.Kind {
        guard file.size > 0 else { throw .notAPhoto(path: file.path, reason: "the file is empty") }
        guard file.size <= maxFileBytes else {
            throw .notAPhoto(path: file.path, reason: "\(file.size) bytes, more than the \(maxFileBytes) allowed")
        }
        let wanted = Int(file.size) <= PhotoHeader.prefixBytes ? Int(file.size) : PhotoHeader.prefixBytes
        let prefix = try Self.bytes(of: file, count: wanted)
        guard let header = PhotoHeader(prefix) else {
            throw .notAPhoto(path: file.path, reason: "not a JPEG, PNG, WebP, GIF, BMP or TIFF image")
        }
        if let width = header.width, let height = header.height {
            let size = PixelSize(width: width, height: height)
            guard width > 0, height > 0 else {
                throw .notAPhoto(path: file.path, reason: "its header gives no picture size")
            }
            guard size.pixels <= limits.maxPixelsPerFrame else {
                throw .notAPhoto(
                    path: file.path,
                    reason: "it is \(size) pixels, more than the \(limits.maxPixelsPerFrame / 1_000_000) megapixels allowed")
            }
        }
        if header.kind == .jpeg {
            let whole = Int(file.size) == prefix.count ? prefix : try Self.bytes(of: file, count: Int(file.size))
            guard whole.withUnsafeBytes(PhotoHeader.jpegIsComplete) else {
                throw .notAPhoto(path: file.path, reason: "the JPEG is cut short (it has no end-of-image marker)")
            }
        }
        return header.kind
    }

    private static func bytes(of file: InputFile, count: Int) throws(MediaError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { file.read(into: $0.baseAddress! + filled, count: count - filled, at: Int64(filled)) }
            if result < 0 {
                throw .inputUnreadable(path: file.path, reason: String(cString: strerror(Int32(-result))))
            }
            if result == 0 { break }
            filled += result
        }
        return Array(bytes.prefix(filled))
    }

    /// The EXIF orientation (1-8) the decoder found: the Orientation tag when it exported one,
    /// else the quarter turns of a display matrix; 1 when there is neither.
    private static func orientation(of frame: UnsafeMutablePointer<AVFrame>) -> Int {
        if let entry = av_dict_get(frame.pointee.metadata, "Orientation", nil, 0),
            let value = Int(String(cString: entry.pointee.value).trimmingSpaces)
        {
            return (1...8).contains(value) ? value : 1
        }
        guard let side = av_frame_get_side_data(frame, AV_FRAME_DATA_DISPLAYMATRIX), side.pointee.size >= 36 else {
            return 1
        }
        let degrees = av_display_rotation_get(UnsafeRawPointer(side.pointee.data).assumingMemoryBound(to: Int32.self))
        guard degrees.isFinite else { return 1 }
        // The matrix turns counter-clockwise by `degrees`.
        switch ((Int((-degrees / 90).rounded()) % 4) + 4) % 4 {
        case 1: return 6
        case 2: return 3
        case 3: return 8
        default: return 1
        }
    }

    /// The decoded picture as packed RGB of `size`.
    private static func scale(_ frame: UnsafeMutablePointer<AVFrame>, to size: PixelSize, path: String)
        throws(MediaError) -> [UInt8]
    {
        let source = frame.pointee
        let shrinking = Int(source.width) >= size.width
        guard
            let scaler = sws_getContext(
                source.width, source.height, AVPixelFormat(rawValue: source.format), Int32(size.width),
                Int32(size.height), AV_PIX_FMT_RGB24, (shrinking ? SWS_AREA : SWS_BICUBIC) | SWS_ACCURATE_RND, nil, nil,
                nil)
        else {
            throw .notAPhoto(path: path, reason: "its pixel format cannot be converted")
        }
        defer { sws_freeContext(scaler) }
        var rgb = [UInt8](repeating: 0, count: size.width * size.height * 3)
        let rows = rgb.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(size.width * 3), 0, 0, 0]
            return withUnsafePointer(to: frame.pointee.data) { dataTuple in
                withUnsafePointer(to: frame.pointee.linesize) { sizeTuple in
                    dataTuple.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { data in
                        sizeTuple.withMemoryRebound(to: Int32.self, capacity: 8) { sizes in
                            sws_scale(scaler, data, sizes, 0, source.height, &planes, &strides)
                        }
                    }
                }
            }
        }
        guard rows > 0 else { throw .notAPhoto(path: path, reason: "its picture could not be scaled") }
        return rgb
    }
}
