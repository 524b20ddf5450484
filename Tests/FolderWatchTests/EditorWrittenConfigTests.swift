import Foundation
import Testing

@testable import WatchConfiguration

/// watch.conf as TOML editors and Windows tools write it, and every mistake named at once.
@Suite("watch.conf from editors")
struct EditorWrittenConfigTests {
    static let lines = [
        "# written on Windows",
        "[\"daemon\"]",
        "\"workers\" = 2",
        "'settle_seconds' = 1.5",
        "",
        "[[watch]]",
        "input = \"/srv/caf\\u00e9/in\"",
        "\"output\" = \"/srv/out\\U0001F3B5\"",
        "failed = \"/srv/failed\\tx\"",
        "prompt = \"say \\\"hi\\\"\"",
    ]

    @Test("CRLF line ends, a byte-order mark, quoted keys and \\u escapes")
    func editorForms() throws {
        let text = "\u{FEFF}" + Self.lines.joined(separator: "\r\n") + "\r\n"
        let config = try WatchConfig.parse(text, base: "/etc")
        #expect(config.workers == 2)
        #expect(config.settleSeconds == 1.5)
        #expect(config.folders.first?.input == "/srv/café/in")
        #expect(config.folders.first?.output == "/srv/out🎵")
        #expect(config.folders.first?.failed == "/srv/failed\tx")
        #expect(config.folders.first?.prompt == "say \"hi\"")
        #expect(config.folders.first?.lines["output"] == 8)
    }

    @Test("an error in a CRLF file still names its line")
    func crlfLineNumbers() {
        let text = (Self.lines + ["colour = \"red\""]).joined(separator: "\r\n")
        #expect(throws: ConfigError.self) { try WatchConfig.parse(text, base: "/etc") }
        do {
            _ = try WatchConfig.parse(text, base: "/etc")
        } catch {
            #expect(error.line == 11, "\(error)")
        }
    }

    @Test("every mistake is reported, in line order, not only the first")
    func everyMistake() {
        let text = """
            [daemon]
            workers = 0
            bogus = 1
            journal = "/tmp/j.sqlite"

            [[watch]]
            input = "/srv/in"
            output = "/srv/in/out"
            failed = "/srv/failed"
            lufs = "loud"
            name = "\\uZZZZ"
            """
        let (_, problems) = WatchConfig.check(text, base: "/etc")
        #expect(problems.map(\.line) == [2, 3, 8, 10, 11], "\(problems)")
        let error = ConfigError.combining(problems)
        #expect(error?.all.count == 5)
        #expect(error?.description.contains("and 4 more problems") == true)
    }

    @Test("a broken table header does not make every key below it an error")
    func brokenHeader() {
        let text = "[daemon\nworkers = 2\n[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\n"
        let (_, problems) = WatchConfig.check(text, base: "/etc")
        #expect(problems.map(\.line) == [1], "\(problems)")
    }

    @Test("output_mode and output_group are read and checked")
    func outputAccess() throws {
        let base = "[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\n"
        let config = try WatchConfig.parse(base + "output_mode = \"0644\"\noutput_group = \"root\"\n", base: "/")
        #expect(config.folders.first?.outputMode == 0o644)
        #expect(config.folders.first?.outputGroup == 0)
        #expect(try WatchConfig.parse(base, base: "/").folders.first?.outputMode == 0o640)
        let (_, problems) = WatchConfig.check(
            base + "output_mode = \"rw-r--r--\"\noutput_group = \"no-such-group-here\"\n", base: "/")
        #expect(problems.map(\.line) == [5, 6], "\(problems)")
    }
}
