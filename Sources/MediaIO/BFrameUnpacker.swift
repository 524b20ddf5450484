internal import CFFmpeg

/// Splits DivX/XviD "packed B-frames" into one picture per packet. Old AVI writers stored a
/// P-frame together with the B-frame shown before it in one chunk, followed by an empty
/// placeholder chunk, because AVI has no presentation times; every other container expects
/// one picture per packet. FFmpeg's `mpeg4_unpack_bframes` filter does the work and passes
/// streams that are not packed through untouched.
final class BFrameUnpacker {
    private var context: UnsafeMutablePointer<AVBSFContext>?
    private let output: UnsafeMutablePointer<AVPacket>

    /// Nil when the filter is not available or refuses the stream; packets then pass unchanged.
    init?(stream: UnsafeMutablePointer<AVStream>) {
        guard let filter = av_bsf_get_by_name("mpeg4_unpack_bframes"), let packet = av_packet_alloc() else {
            return nil
        }
        output = packet
        var context: UnsafeMutablePointer<AVBSFContext>?
        guard av_bsf_alloc(filter, &context) >= 0, let context,
            avcodec_parameters_copy(context.pointee.par_in, stream.pointee.codecpar) >= 0
        else {
            av_bsf_free(&context)
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
            return nil
        }
        context.pointee.time_base_in = stream.pointee.time_base
        guard av_bsf_init(context) >= 0 else {
            var failed: UnsafeMutablePointer<AVBSFContext>? = context
            av_bsf_free(&failed)
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
            return nil
        }
        // The filter may rewrite the DivX marker in the header; decoders and muxers see its version.
        avcodec_parameters_copy(stream.pointee.codecpar, context.pointee.par_out)
        self.context = context
    }

    deinit {
        av_bsf_free(&context)
        var owned: UnsafeMutablePointer<AVPacket>? = output
        av_packet_free(&owned)
    }

    /// Takes the reference out of `packet` (nil to drain at the end) and hands every packet the
    /// filter produces to `deliver`, which must move or unreference it.
    func filter(_ packet: UnsafeMutablePointer<AVPacket>?, _ deliver: (UnsafeMutablePointer<AVPacket>) -> Void) {
        guard av_bsf_send_packet(context, packet) >= 0 else {
            // A packet the filter cannot parse is passed on as it is; the decoder judges it.
            if let packet { deliver(packet) }
            return
        }
        while av_bsf_receive_packet(context, output) >= 0 {
            deliver(output)
        }
    }

    /// Forgets a held B-frame, after a seek.
    func reset() {
        av_bsf_flush(context)
    }
}
