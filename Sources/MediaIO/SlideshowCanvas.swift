#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// The picture a slideshow shows: one photo letterboxed (black bars) on a frame of fixed size,
/// in yuv420p with BT.709 colours as the encoder takes it; and, for `--motion`, the same picture
/// seen through a window that slowly zooms and drifts (a gentle Ken Burns move).
final class SlideshowCanvas {
    let size: PixelSize
    private let canvas: DecodedFrame
    private let moving: DecodedFrame
    private var mover: OpaquePointer?

    /// How far the moving window zooms over a shot (8%) and drifts sideways (3% of the width).
    static let zoom = 0.08
    static let drift = 0.03

    init(size: PixelSize) throws(MediaError) {
        precondition(size.width % 2 == 0 && size.height % 2 == 0, "yuv420p needs an even frame size")
        self.size = size
        canvas = try DecodedFrame()
        moving = try DecodedFrame()
        for frame in [canvas.pointer, moving.pointer] {
            frame.pointee.width = Int32(size.width)
            frame.pointee.height = Int32(size.height)
            frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
            let result = av_frame_get_buffer(frame, 0)
            guard result >= 0 else {
                throw .internalFailure(operation: "allocating a picture", reason: ffmpegErrorText(result))
            }
        }
    }

    deinit {
        sws_freeContext(mover)
    }

    /// The still picture, as last painted.
    var still: UnsafeMutablePointer<AVFrame> { canvas.pointer }

    /// Paints `photo` (already fitted to `size`) centred on black.
    func paint(_ photo: Photo) throws(MediaError) {
        let frame = canvas.pointer
        // The encoder may still hold the previous picture: write into a buffer of our own.
        let writable = av_frame_make_writable(frame)
        guard writable >= 0 else {
            throw .internalFailure(operation: "preparing a picture", reason: ffmpegErrorText(writable))
        }
        memset(frame.pointee.data.0!, 16, Int(frame.pointee.linesize.0) * size.height)
        memset(frame.pointee.data.1!, 128, Int(frame.pointee.linesize.1) * size.height / 2)
        memset(frame.pointee.data.2!, 128, Int(frame.pointee.linesize.2) * size.height / 2)
        // Chroma is shared by 2x2 pixels: an even region at an even place.
        let width = min(size.width, photo.size.width) & ~1
        let height = min(size.height, photo.size.height) & ~1
        guard width > 0, height > 0 else { return }
        let x = ((size.width - width) / 2) & ~1
        let y = ((size.height - height) / 2) & ~1
        guard
            let converter = sws_getContext(
                Int32(width), Int32(height), AV_PIX_FMT_RGB24, Int32(width), Int32(height), AV_PIX_FMT_YUV420P,
                SWS_POINT, nil, nil, nil)
        else {
            throw .internalFailure(operation: "converting a photo", reason: "libswscale refused the sizes")
        }
        defer { sws_freeContext(converter) }
        Self.useBT709(converter, sourceFullRange: true)
        var targets: [UnsafeMutablePointer<UInt8>?] = [
            frame.pointee.data.0! + y * Int(frame.pointee.linesize.0) + x,
            frame.pointee.data.1! + y / 2 * Int(frame.pointee.linesize.1) + x / 2,
            frame.pointee.data.2! + y / 2 * Int(frame.pointee.linesize.2) + x / 2, nil,
        ]
        var strides: [Int32] = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2, 0]
        photo.rgb.withUnsafeBufferPointer { rgb in
            var sources: [UnsafePointer<UInt8>?] = [rgb.baseAddress, nil, nil, nil]
            var sourceStrides: [Int32] = [Int32(photo.size.width * 3), 0, 0, 0]
            _ = sws_scale(converter, &sources, &sourceStrides, 0, Int32(height), &targets, &strides)
        }
    }

    /// The still picture seen through the moving window `progress` (0...1) of the way through
    /// shot `shot`: even shots zoom in and drift right, odd ones zoom out and drift left.
    func moved(progress: Double, shot: Int) throws(MediaError) -> UnsafeMutablePointer<AVFrame> {
        let forward = shot % 2 == 0
        let eased = 0.5 - 0.5 * cos(Double.pi * min(1, max(0, progress)))
        let zoom = 1 + Self.zoom * (forward ? eased : 1 - eased)
        let centre = 0.5 + Self.drift * (forward ? eased - 0.5 : 0.5 - eased)
        let window = PixelSize(
            width: Int(Double(size.width) / zoom) & ~1, height: Int(Double(size.height) / zoom) & ~1)
        let x = min(size.width - window.width, max(0, Int(centre * Double(size.width)) - window.width / 2)) & ~1
        let y = ((size.height - window.height) / 2) & ~1
        mover = sws_getCachedContext(
            mover, Int32(window.width), Int32(window.height), AV_PIX_FMT_YUV420P, Int32(size.width),
            Int32(size.height), AV_PIX_FMT_YUV420P, SWS_BILINEAR, nil, nil, nil)
        guard let mover else {
            throw .internalFailure(operation: "moving a photo", reason: "libswscale refused the sizes")
        }
        let target = moving.pointer
        let writable = av_frame_make_writable(target)
        guard writable >= 0 else {
            throw .internalFailure(operation: "preparing a picture", reason: ffmpegErrorText(writable))
        }
        let source = canvas.pointer.pointee
        var sources: [UnsafePointer<UInt8>?] = [
            UnsafePointer(source.data.0! + y * Int(source.linesize.0) + x),
            UnsafePointer(source.data.1! + y / 2 * Int(source.linesize.1) + x / 2),
            UnsafePointer(source.data.2! + y / 2 * Int(source.linesize.2) + x / 2), nil,
        ]
        var sourceStrides: [Int32] = [source.linesize.0, source.linesize.1, source.linesize.2, 0]
        var targets: [UnsafeMutablePointer<UInt8>?] = [target.pointee.data.0, target.pointee.data.1, target.pointee.data.2, nil]
        var strides: [Int32] = [target.pointee.linesize.0, target.pointee.linesize.1, target.pointee.linesize.2, 0]
        _ = sws_scale(mover, &sources, &sourceStrides, 0, Int32(window.height), &targets, &strides)
        return target
    }

    /// RGB (full range) to limited-range BT.709 Y'CbCr, as HD players assume.
    private static func useBT709(_ context: OpaquePointer, sourceFullRange: Bool) {
        let table = sws_getCoefficients(SWS_CS_ITU709)
        _ = sws_setColorspaceDetails(context, table, sourceFullRange ? 1 : 0, table, 0, 0, 1 << 16, 1 << 16)
    }
}
