internal import CFFmpeg

/// Presentation times for MPEG-1/2 and MPEG-4 Part 2 video stored in decode order without them
/// (AVI). These codecs hold back one reference picture: a B-picture is shown as soon as it is
/// decoded, a reference picture when the next reference picture arrives. The pictures, in the
/// order they are shown, take the stream's decode times in rising order, which is what a
/// player does with such a file; each packet's decode time becomes that of the packet before
/// it, so that no picture is shown before it is decoded.
final class FrameReorder {
    enum Codec {
        case mpeg4, mpeg12
    }

    private struct Entry {
        var packet: UnsafeMutablePointer<AVPacket>
        var time: Int64
        var shown: Int64?
    }

    private let codec: Codec
    /// Decode times not yet given to a picture, rising.
    private var free: [Int64] = []
    /// Packets in decode order waiting for their presentation time.
    private var pending: [Entry] = []
    /// Index in `pending` of the reference picture held back, if any.
    private var held: Int?
    private var previousTime: Int64?
    private let frameTicks: Int64

    init(codec: Codec, frameTicks: Int64) {
        self.codec = codec
        self.frameTicks = max(1, frameTicks)
    }

    /// Takes `packet` (its dts set, its pts ignored) and hands every packet whose times are now
    /// known, in decode order, to `deliver`, which owns it.
    func push(_ packet: UnsafeMutablePointer<AVPacket>, _ deliver: (UnsafeMutablePointer<AVPacket>) -> Void) {
        let time = packet.pointee.dts
        let position = free.firstIndex { $0 > time } ?? free.count
        free.insert(time, at: position)
        pending.append(Entry(packet: packet, time: time))
        if isBPicture(packet.pointee) {
            show(pending.count - 1)
        } else {
            if let held { show(held) }
            held = pending.count - 1
        }
        release(deliver)
    }

    /// Shows the picture held back and hands out everything left.
    func finish(_ deliver: (UnsafeMutablePointer<AVPacket>) -> Void) {
        if let held { show(held) }
        held = nil
        for index in pending.indices where pending[index].shown == nil { show(index) }
        release(deliver)
    }

    /// Drops what is waiting, after a seek.
    func reset() {
        for entry in pending {
            var packet: UnsafeMutablePointer<AVPacket>? = entry.packet
            av_packet_free(&packet)
        }
        pending = []
        free = []
        held = nil
        previousTime = nil
    }

    deinit { reset() }

    private func show(_ index: Int) {
        pending[index].shown = free.isEmpty ? pending[index].time : free.removeFirst()
    }

    private func release(_ deliver: (UnsafeMutablePointer<AVPacket>) -> Void) {
        var count = 0
        for entry in pending {
            guard let shown = entry.shown else { break }
            entry.packet.pointee.pts = shown
            entry.packet.pointee.dts = min(shown, previousTime ?? (entry.time - frameTicks))
            previousTime = entry.time
            deliver(entry.packet)
            count += 1
        }
        guard count > 0 else { return }
        pending.removeFirst(count)
        if let index = held { held = index - count }
    }

    /// Whether the packet's first picture header says B. Unreadable packets count as reference
    /// pictures, which keeps their place.
    private func isBPicture(_ packet: AVPacket) -> Bool {
        guard let data = packet.data, packet.size > 5 else { return false }
        let size = Int(packet.size)
        var index = 0
        while index + 5 < size {
            if data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 {
                let code = data[index + 3]
                switch codec {
                case .mpeg4 where code == 0xB6:
                    return data[index + 4] >> 6 == 2
                case .mpeg12 where code == 0x00:
                    return (data[index + 5] >> 3) & 7 == 3
                default:
                    break
                }
            }
            index += 1
        }
        return false
    }
}
