internal import CFFmpeg

/// The FFmpeg libraries this process runs with, for error reports.
public enum FFmpegVersion {
    /// For example "5.1.6-0+deb12u1".
    public static var string: String { String(cString: av_version_info()) }
}
