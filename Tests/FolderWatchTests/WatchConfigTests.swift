import Foundation
import TestSupport
import Testing

@testable import WatchConfiguration

@Suite("watch.conf")
struct WatchConfigTests {
    static let valid = """
        # a comment
        [daemon]
        workers = 2          # trailing comment
        journal = "state/journal.sqlite"
        settle_seconds = 2.5
        poll_seconds = 0
        mode = "poll"

        [[watch]]
        input = "/srv/in"
        output = "/srv/out"
        failed = '/srv/failed'
        after = "delete"
        style = "auto"
        audio = "mix"
        lufs = -18
        report = true

        [[watch]]
        input = "/srv/in2"
        output = "/srv/out2"
        failed = "/srv/failed2"
        after = "done"
        """

    @Test("a full file parses, relative paths from its folder")
    func parsesValid() throws {
        let config = try WatchConfig.parse(Self.valid, base: "/etc/soundtrack")
        #expect(config.workers == 2)
        #expect(config.journal == "/etc/soundtrack/state/journal.sqlite")
        #expect(config.settleSeconds == 2.5)
        #expect(config.mode == .poll)
        #expect(config.rescanSeconds == 2)
        #expect(config.folders.count == 2)
        #expect(config.folders[0].failed == "/srv/failed")
        #expect(config.folders[0].after == .delete)
        #expect(config.folders[0].audio == .mix)
        #expect(config.folders[0].lufs == -18)
        #expect(config.folders[1].after == .move(to: "/etc/soundtrack/done"))
        #expect(config.folders[0].report && !config.folders[1].report)
    }

    @Test("the example at the top of the repository parses")
    func exampleParses() throws {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appending(path: "Package.swift").path) {
            root = root.deletingLastPathComponent()
        }
        let config = try WatchConfig.load(path: root.appending(path: "watch.conf.example").path)
        #expect(config.folders.first?.input == "/srv/soundtrack/in")
        #expect(config.workers == 1)
    }

    static let mistakes: [(String, Int, String)] = [
        (
            "[daemon]\nworkers = 1\nwrokers = 2\n[[watch]]\ninput=\"/a\"\noutput=\"/b\"\nfailed=\"/c\"", 3,
            "unknown key 'wrokers'"
        ),
        ("[daemon]\nworkers = 0\n", 2, "workers must be between 1 and 64"),
        ("[daemon]\nworkers = \"two\"\n", 2, "workers must be a whole number"),
        ("[daemon]\nsettle_seconds = soon\n", 2, "'soon' is not a value"),
        ("[daemon]\njournal = \"unterminated\n", 2, "unterminated string"),
        ("[daemon]\n\n[deamon]\n", 3, "unknown table [deamon]"),
        ("[watch]\ninput = \"/a\"\n", 1, "write [[watch]]"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\n", 1, "no failed folder"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\nstyle = \"polka\"\n", 5, "unknown style"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\nlufs = 3\n", 5, "lufs must be between"),
        ("[[watch]]\ninput = \"/a\"\ninput = \"/b\"\n", 3, "set twice"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/a/out\"\nfailed = \"/c\"\n", 3, "inside the watched folder"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/a/failed\"\n", 4, "inside the watched folder"),
        ("workers = 1\n", 1, "must be inside"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\nreport = \"yes\"\n", 5, "report must be true or false"),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\nafter = \"Delete\"\n", 5, "a folder of that name is \"./Delete\""),
        ("[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\nafter = \"move\"\n", 5, "after must be \"keep\", \"delete\" or a folder"),
    ]

    @Test("mistakes are errors that name the line", arguments: mistakes)
    func mistakesNameTheLine(text: String, line: Int, message: String) {
        #expect {
            _ = try WatchConfig.parse(text, base: "/")
        } throws: { error in
            // Every problem is reported (see EditorWrittenConfigTests); this one must be among them.
            guard let error = error as? ConfigError else { return false }
            return error.all.contains { $0.line == line && $0.message.contains(message) }
        }
    }

    @Test("a missing [[watch]] is an error")
    func needsAWatch() {
        #expect(throws: ConfigError.self) { try WatchConfig.parse("[daemon]\nworkers = 1\n", base: "/") }
    }

    @Test("load prefixes the file name to the line")
    func loadNamesTheFile() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-config")
        let path = scratch.path("bad.conf")
        try Data("[daemon]\nnope = 1\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try WatchConfig.load(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path):2: unknown key 'nope'")
        }
    }
}
