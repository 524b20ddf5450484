/// Writes the frames that repeat a still picture without running the encoder: a P slice whose
/// macroblocks are all skipped (the decoder copies the previous picture), about ten bytes each.
///
/// x264 spends 10-20 ms of CPU on each 1080p frame even when every macroblock ends up skipped
/// (it still loads, predicts and reconstructs 8160 of them, and filters the reference), which
/// made a still slideshow slower than 4x real time on two cores. Here x264 codes only the first
/// picture of each photo (an IDR frame, with CABAC as usual); the repeats are written by this
/// type as CAVLC slices (a skipped run is one Exp-Golomb code; CABAC would need the arithmetic
/// coder) that refer to a second picture parameter set, a copy of x264's with CAVLC chosen. A
/// stream may switch parameter sets from picture to picture (H.264 §7.4.1.2.1), and players take
/// several sets from the MP4 `avcC` box.
///
/// Each repeat is a reference picture numbered on from the IDR (frame_num and, for POC type 0,
/// pic_order_cnt_lsb counted up), so decoders see an ordinary IP... sequence at 25 fps.
struct H264RepeatedPicture: Sendable, Equatable {
    /// The parameter set the repeats refer to.
    static let parameterSetID: UInt32 = 1

    let log2MaxFrameNumber: Int
    let pictureOrderCountType: UInt32
    let log2MaxPictureOrderCountLSB: Int
    let bottomFieldOrderPresent: Bool
    let deblockingControlPresent: Bool
    let macroblocks: UInt32
    /// The second picture parameter set (an unescaped payload, NAL header included).
    let parameterSet: [UInt8]

    /// Reads x264's sequence and picture parameter sets (Annex B, as in its global header).
    init(annexB: [UInt8]) throws(H264SyntaxError) {
        let units = H264Bits.nalUnits(annexB).map(H264Bits.unescaped)
        guard let sps = units.first(where: { $0.first.map { $0 & 0x1F == 7 } ?? false }),
            let pps = units.first(where: { $0.first.map { $0 & 0x1F == 8 } ?? false })
        else { throw .malformed("no sequence or picture parameter set") }

        var reader = H264BitReader(Array(sps.dropFirst()))
        let profile = try reader.bits(8)
        _ = try reader.bits(16)  // constraint flags, level
        _ = try reader.unsigned()  // seq_parameter_set_id
        if [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].contains(profile) {
            let chroma = try reader.unsigned()
            if chroma == 3 { _ = try reader.bit() }
            _ = try reader.unsigned()  // bit depths
            _ = try reader.unsigned()
            _ = try reader.bit()  // transform bypass
            guard try reader.bit() == 0 else { throw .unsupported("scaling matrices in the sequence") }
        }
        log2MaxFrameNumber = Int(try reader.unsigned()) + 4
        pictureOrderCountType = try reader.unsigned()
        switch pictureOrderCountType {
        case 0: log2MaxPictureOrderCountLSB = Int(try reader.unsigned()) + 4
        case 2: log2MaxPictureOrderCountLSB = 0
        default: throw .unsupported("picture order count type \(pictureOrderCountType)")
        }
        guard try reader.unsigned() >= 1 else { throw .unsupported("no reference frames") }
        _ = try reader.bit()  // gaps_in_frame_num_value_allowed_flag
        let width = try reader.unsigned() + 1
        let height = try reader.unsigned() + 1
        guard try reader.bit() == 1 else { throw .unsupported("interlaced coding") }
        macroblocks = width * height

        (parameterSet, bottomFieldOrderPresent, deblockingControlPresent) = try Self.cavlcCopy(of: pps)
    }

    /// x264's picture parameter set as set 1, with CAVLC and without weighted prediction.
    private static func cavlcCopy(of pps: [UInt8]) throws(H264SyntaxError) -> ([UInt8], Bool, Bool) {
        var reader = H264BitReader(Array(pps.dropFirst()))
        var writer = H264BitWriter()
        writer.bits(UInt32(pps[0]), 8)
        _ = try reader.unsigned()
        writer.unsigned(parameterSetID)
        writer.unsigned(try reader.unsigned())  // seq_parameter_set_id
        _ = try reader.bit()
        writer.bit(0)  // entropy_coding_mode_flag: CAVLC
        let bottomField = try reader.bit()
        writer.bit(bottomField)
        guard try reader.unsigned() == 0 else { throw .unsupported("slice groups") }
        writer.unsigned(0)
        writer.unsigned(try reader.unsigned())  // num_ref_idx_l0_default_active_minus1
        writer.unsigned(try reader.unsigned())  // l1
        _ = try reader.bits(3)
        writer.bits(0, 3)  // weighted_pred_flag, weighted_bipred_idc
        writer.signed(try reader.signed())  // pic_init_qp_minus26
        writer.signed(try reader.signed())  // pic_init_qs_minus26
        writer.signed(try reader.signed())  // chroma_qp_index_offset
        let deblocking = try reader.bit()
        writer.bit(deblocking)
        writer.bit(try reader.bit())  // constrained_intra_pred_flag
        writer.bit(try reader.bit())  // redundant_pic_cnt_present_flag
        if reader.moreData() {
            writer.bit(try reader.bit())  // transform_8x8_mode_flag
            guard try reader.bit() == 0 else { throw .unsupported("scaling matrices in the picture") }
            writer.bit(0)
            writer.signed(try reader.signed())  // second_chroma_qp_index_offset
        }
        writer.trailingBits()
        return (writer.bytes, bottomField == 1, deblocking == 1)
    }

    /// The second parameter set as an Annex B unit, for the stream's global header.
    var parameterSetUnit: [UInt8] { H264Bits.annexB(parameterSet) }

    /// The Annex B access unit for the picture `sinceKeyFrame` frames after the last IDR
    /// (1, 2, ...): the previous picture again.
    func repeatUnit(sinceKeyFrame count: Int) -> [UInt8] {
        var writer = H264BitWriter()
        writer.bits(0x41, 8)  // nal_ref_idc 2, coded slice of a non-IDR picture
        writer.unsigned(0)  // first_mb_in_slice
        writer.unsigned(5)  // slice_type: P, as every slice of the picture
        writer.unsigned(Self.parameterSetID)
        writer.bits(UInt32(count & ((1 << log2MaxFrameNumber) - 1)), log2MaxFrameNumber)
        if pictureOrderCountType == 0 {
            writer.bits(UInt32((2 * count) & ((1 << log2MaxPictureOrderCountLSB) - 1)), log2MaxPictureOrderCountLSB)
            if bottomFieldOrderPresent { writer.signed(0) }
        }
        writer.bit(1)  // num_ref_idx_active_override_flag: one reference, the previous picture
        writer.unsigned(0)
        writer.bit(0)  // ref_pic_list_modification_flag_l0
        writer.bit(0)  // adaptive_ref_pic_marking_mode_flag: sliding window
        writer.signed(0)  // slice_qp_delta
        if deblockingControlPresent { writer.unsigned(1) }  // no deblocking: nothing changes
        writer.unsigned(macroblocks)  // mb_skip_run: every macroblock
        writer.trailingBits()
        return H264Bits.annexB(writer.bytes)
    }
}
