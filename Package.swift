// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "soundtrack",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "soundtrack", targets: ["soundtrack"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, each behind a system-library target with a small shim.
        // Their headers sit in the default include paths on Debian, so no pkg-config is needed
        // (FluidSynth's .pc file adds flags SwiftPM refuses).
        .systemLibrary(
            name: "CFFmpeg",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswresample-dev", "libswscale-dev"])]
        ),
        .systemLibrary(name: "CFluidSynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CInotifyTools", providers: [.apt(["libinotifytools0-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgreSQL", providers: [.apt(["libpq-dev"])]),

        // Shared by the stages: the one audio format, and the one way to run blocking work.
        .target(name: "Audio"),
        .target(name: "Threads"),

        // Stages. Only the stage that owns a C resource imports its C module.
        .target(
            name: "MediaIO",
            dependencies: ["CFFmpeg", "Audio", "Threads"]
        ),
        .target(name: "Analysis", dependencies: ["Audio"]),
        .target(name: "Composition", dependencies: ["Analysis"]),
        // Listening to a recording: beats, meter, key, chords, melody and form, as a SongAnalysis.
        // Pure Swift; the FFT comes in through Audio's MagnitudeSpectrum (MediaIO wraps av_tx).
        .target(name: "SongListening", dependencies: ["Audio", "Composition"]),
        // Synthesis alone; mixing and loudness (ducking, balance, limiter, loudness meter) are Mixing's.
        .target(
            name: "Rendering",
            dependencies: ["Composition", "CFluidSynth", "Audio", "Threads"]
        ),
        .target(name: "Mixing", dependencies: ["Audio", "Threads"]),
        .target(
            name: "Pipeline",
            dependencies: [
                "MediaIO", "Analysis", "Composition", "SongListening", "Rendering", "Mixing", "Audio", "Threads",
                "FileSystem", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon, in layers that depend one way: the journal of files seen (on SQLite or
        // PostgreSQL, its two engines; the job lifecycle's pure state machine); paths and lstat;
        // watch.conf; the watcher (inotify or polling, the arrivals' settle state machine); and
        // the daemon's services around the pipeline (the watcher, the worker pool and its job
        // runner, the lease keeper, the watchdog; quarantine).
        .target(name: "Journal", dependencies: ["CSQLite", "CPostgreSQL"]),
        .target(name: "FileSystem"),
        .target(name: "WatchConfiguration", dependencies: ["FileSystem", "Journal", "Pipeline", "Composition"]),
        .target(name: "FolderWatcher", dependencies: ["FileSystem", "CInotifyTools"]),
        .target(
            name: "WatchDaemon",
            dependencies: [
                "FileSystem", "WatchConfiguration", "FolderWatcher", "Journal",
                "Pipeline", "MediaIO", "Rendering", "Threads",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The daemon's read-only status page, health check and metrics, over HTTP.
        .target(
            name: "StatusServer",
            dependencies: [
                "Journal", "WatchConfiguration", "WatchDaemon", "Threads",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "soundtrack",
            dependencies: [
                "Pipeline", "MediaIO", "Composition", "WatchConfiguration", "WatchDaemon", "Journal", "StatusServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test helpers only, shared by the test targets: temporary folders, the one subprocess
        // runner (ffmpeg, ffprobe, the binary under test), clip recipes, tool lookups, probes.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "MediaIO", "Pipeline", "TestSupport"]),
        .testTarget(name: "CompositionTests", dependencies: ["Composition", "TestSupport"]),
        .testTarget(
            name: "SongListeningTests", dependencies: ["SongListening", "Composition", "MediaIO", "Pipeline", "TestSupport"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Composition", "Mixing", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Pipeline", "TestSupport"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "Threads", "TestSupport"]),
        .testTarget(
            name: "FolderWatchTests",
            dependencies: [
                "FileSystem", "WatchConfiguration", "FolderWatcher", "WatchDaemon", "Journal", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "DaemonTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "PipelineTests", dependencies: ["Pipeline", "Analysis", "Composition", "MediaIO", "Rendering", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
