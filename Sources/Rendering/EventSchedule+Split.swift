import Composition

extension EventSchedule {
    /// Shares the events between `count` schedules of about equal synthesis work, for
    /// synthesizers that render side by side and are summed; empty shares are dropped.
    ///
    /// Each share gets every channel's set-up and every controller event (a pedal or an
    /// expression change applies to whichever synthesizer plays the channel's notes). The unit of sharing is one pitch of one melodic
    /// channel (all its notes stay together, so that a repeated note still cuts the previous one
    /// short) or one whole drum channel (a closed hi-hat must still choke the open one). Work is
    /// estimated as sounding time plus a release allowance per note. The split depends only on
    /// the events, so the same score always renders to the same samples.
    func split(into count: Int, releaseAllowanceFrames: Int) -> [EventSchedule] {
        guard count > 1 else { return events.isEmpty ? [] : [self] }
        let drumChannels = Set(channels.filter(\.drums).map(\.channel))
        func unit(of event: Event) -> Int {
            drumChannels.contains(event.channel) ? event.channel * 128 : event.channel * 128 + event.pitch
        }

        var work: [Int: Int] = [:]
        var sounding: [Int: Int] = [:]
        for event in events {
            let key = event.channel * 128 + event.pitch
            switch event.kind {
            case .noteOn:
                sounding[key] = event.frame
                work[unit(of: event), default: 0] += releaseAllowanceFrames
            case .control:
                continue
            case .noteOff:
                if let start = sounding.removeValue(forKey: key) {
                    work[unit(of: event), default: 0] += event.frame - start
                }
            }
        }
        for (key, start) in sounding {
            let channel = key / 128
            let unitKey = drumChannels.contains(channel) ? channel * 128 : key
            work[unitKey, default: 0] += totalFrames - start
        }

        // Heaviest first onto the lightest share; ties broken by key so the result is stable.
        var shareOfUnit: [Int: Int] = [:]
        var loads = [Int](repeating: 0, count: count)
        for (unitKey, frames) in work.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            let lightest = loads.indices.min { (loads[$0], $0) < (loads[$1], $1) } ?? 0
            shareOfUnit[unitKey] = lightest
            loads[lightest] += frames
        }
        var shares = [EventSchedule](
            repeating: EventSchedule(channels: channels, echo: echo, totalFrames: totalFrames), count: count)
        for event in events {
            if event.kind == .control {
                for share in shares.indices { shares[share].events.append(event) }
            } else {
                shares[shareOfUnit[unit(of: event)] ?? 0].events.append(event)
            }
        }
        // Only a share that plays a track with a delay (on the odd channels) needs one.
        for share in shares.indices where echo != nil {
            if !shares[share].events.contains(where: { $0.kind == .noteOn && $0.channel % 2 == 1 }) {
                shares[share].echo = nil
            }
        }
        return shares.filter { $0.events.contains { $0.kind != .control } }
    }

    private init(channels: [ChannelSetup], echo: Echo?, totalFrames: Int) {
        self.channels = channels
        self.echo = echo
        self.totalFrames = totalFrames
        self.events = []
    }
}
