/// Controller changes that make the lines breathe: the expression level of each section, pads
/// and strings swelling over each chord, the crescendo of a build, the sustain pedal changed with
/// every chord under the accompaniment in piano styles, a touch of vibrato on sustained strings
/// and horns, and the final chord dying away before the picture ends.
enum Expression {
    static func controls(for part: PartName, in context: SectionContext, style: Style, level: Level) -> [ControlChange]
    {
        guard part != .drums else { return [] }
        var controls: [ControlChange] = []
        let start = context.startTick
        let resting = 96 + Int((20 * context.intensity).rounded())
        if style.swells.contains(part) {
            for slot in context.chords {
                controls += swell(from: slot.startTick, to: slot.endTick, low: resting - 30, high: resting)
            }
        } else {
            controls.append(ControlChange(tick: start, controller: ControlChange.expression, value: resting))
        }
        if part == .fx {
            controls.append(ControlChange(tick: start, controller: ControlChange.expression, value: 0))
        }
        if context.buildsIntoNext, let bar = context.bars.last, bar.startTick < context.finalChordTick {
            let from = part == .fx ? 0 : resting - 20
            controls += ramp(from: bar.startTick, to: bar.endTick, values: from...127, steps: 8)
        }
        // Not under the tune: a stepwise melody held in the pedal rang on as a cluster of
        // seconds (F5 and E5 together for 1.7 s over a D minor chord); it sings legato as written.
        if style.pedal && (part == .keys || part == .strum) {
            for slot in context.chords {
                controls.append(ControlChange(tick: slot.startTick, controller: ControlChange.sustain, value: 0))
                controls.append(ControlChange(tick: slot.startTick + 40, controller: ControlChange.sustain, value: 127))
            }
            if context.isFinal {
                controls.append(ControlChange(tick: context.endTick - 1, controller: ControlChange.sustain, value: 0))
            }
        }
        if context.isFinal, part != .fx, context.finalChordTick < context.endTick {
            // The last chord dies away inside the picture, from a third of the way in, instead
            // of being cut off at full level when the video ends.
            let fadeStart = context.finalChordTick + (context.endTick - context.finalChordTick) / 3
            let before = controls.filter { $0.controller == ControlChange.expression && $0.tick <= fadeStart }
            let level = before.max { $0.tick < $1.tick }?.value ?? resting
            controls.removeAll { $0.controller == ControlChange.expression && $0.tick > fadeStart }
            controls += fall(from: fadeStart, to: context.endTick, values: min(Self.finalLevel, level)...level, steps: 8)
        }
        if part == .melody || part == .pad {
            let vibrato = style.vibrato ? 20 + Int(40 * context.intensity) : 0
            controls.append(ControlChange(tick: start, controller: ControlChange.modulation, value: vibrato))
        }
        return controls
    }

    /// Up from `low` to `high` over the first half of the span, then back halfway down.
    private static func swell(from start: Int, to end: Int, low: Int, high: Int) -> [ControlChange] {
        let middle = start + (end - start) / 2
        var controls = ramp(from: start, to: middle, values: low...high, steps: 6)
        for step in 1...4 {
            let value = high - (high - low) / 2 * step / 4
            controls.append(
                ControlChange(tick: middle + (end - middle) * step / 5, controller: ControlChange.expression, value: value))
        }
        return controls
    }

    /// Where the expression ends up as the last chord dies away: about 30 dB down.
    static let finalLevel = 24

    /// `steps` evenly spaced values falling across `start..<end` from the top of `values` to its
    /// bottom, which the last step reaches.
    private static func fall(from start: Int, to end: Int, values: ClosedRange<Int>, steps: Int) -> [ControlChange] {
        guard end > start, steps > 0 else { return [] }
        return (1...steps).map { step in
            let tick = start + (end - start) * step / (steps + 1)
            let value = values.upperBound - (values.upperBound - values.lowerBound) * step / steps
            return ControlChange(tick: tick, controller: ControlChange.expression, value: value)
        }
    }

    /// `steps` evenly spaced values rising across `start..<end`.
    private static func ramp(from start: Int, to end: Int, values: ClosedRange<Int>, steps: Int) -> [ControlChange] {
        guard end > start, steps > 0 else { return [] }
        return (0..<steps).map { step in
            let tick = start + (end - start) * step / steps
            let value = values.lowerBound + (values.upperBound - values.lowerBound) * (step + 1) / steps
            return ControlChange(tick: tick, controller: ControlChange.expression, value: min(127, value))
        }
    }
}
