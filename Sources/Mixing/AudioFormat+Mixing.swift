import Audio

// The meters and processors in the project's one audio format, so that callers need not spell
// out a sample rate and a channel count.

extension LoudnessMeter {
    public init(format: AudioFormat = .standard, peaks: Peaks = .truePeak, shortTermSeconds: Double? = nil) throws {
        try self.init(
            channels: format.channels, sampleRate: format.sampleRate, peaks: peaks, shortTermSeconds: shortTermSeconds)
    }
}

extension TruePeakMeter {
    public init(format: AudioFormat = .standard) throws {
        try self.init(channels: format.channels, sampleRate: format.sampleRate)
    }
}

extension GatingBlocks {
    public init(format: AudioFormat = .standard) throws {
        try self.init(channels: format.channels, sampleRate: format.sampleRate)
    }
}

extension SpeechActivity {
    public init(format: AudioFormat = .standard) {
        self.init(channels: format.channels, sampleRate: format.sampleRate)
    }
}

extension TruePeakLimiter {
    public init(ceiling: Double, format: AudioFormat = .standard, inputGain: Double = 0) throws {
        try self.init(ceiling: ceiling, channels: format.channels, sampleRate: format.sampleRate, inputGain: inputGain)
    }
}
