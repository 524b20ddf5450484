import Foundation
import TestSupport
import Testing

/// `make install` and `make deb` on the release binary under test: what they lay out, what the
/// Debian package declares, and that the packaged binary runs with the Swift toolchain hidden.
@Suite("Installation and the Debian package")
struct InstallTests {
    static let root = TestEnvironment.packageRoot

    /// The binary's folder also holds generate-manual, which `make release` builds beside it.
    static func make(_ arguments: [String]) async throws -> ProcessResult {
        let result = try await Subprocess.run(
            ["make", "--no-print-directory", "-C", root.path, "BIN=\(TestEnvironment.binary)"] + arguments)
        try #require(result.status == 0, "make \(arguments.joined(separator: " ")): \(result.summary)")
        return result
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The page `man -l` renders, without its formatting; fails the test when man complains.
    static func renderedManPage(_ url: URL) async throws -> String {
        let result = try await Subprocess.run([
            "env", "LC_ALL=C", "MANWIDTH=100", "bash", "-c", #"set -o pipefail; man --warnings --nh --nj -l "$1" | col -bx"#,
            "bash", url.path,
        ])
        #expect(result.status == 0, "\(result.summary)")
        #expect(!result.standardError.contains("warning"), "\(result.standardError)")
        return result.standardOutputText
    }

    /// The keys watch.conf.example sets or shows (`key = value`, commented-out ones included).
    static func exampleKeys() throws -> [String] {
        try text(root.appending(path: "watch.conf.example")).split(separator: "\n").compactMap { line in
            let body = line.hasPrefix("# ") ? line.dropFirst(2) : line[...]
            guard let equals = body.firstIndex(of: "="), !body.hasPrefix("#") else { return nil }
            let key = body[..<equals].trimmingCharacters(in: .whitespaces)
            return key.allSatisfy({ $0.isLetter || $0 == "_" }) && !key.isEmpty ? key : nil
        }
    }

    /// The subcommands and long options of a command in `--experimental-dump-help`'s JSON,
    /// with those of its subcommands.
    static func commandNames(_ command: [String: Any]) -> Set<String> {
        var names = Set(
            (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument -> String? in
                guard argument["kind"] as? String != "positional", argument["shouldDisplay"] as? Bool != false,
                    let preferred = argument["preferredName"] as? [String: Any],
                    preferred["kind"] as? String == "long", let name = preferred["name"] as? String
                else { return nil }
                return "--\(name)"
            })
        for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
            if let name = subcommand["commandName"] as? String, name != "help" { names.insert(name) }
            names.formUnion(commandNames(subcommand))
        }
        return names
    }

    @Test("make install lays out the binary, units for PREFIX, man pages, completions, docs and the config")
    func install() async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-install")
        let prefix = "/opt/soundtrack"
        let destdir = folder.url.path
        _ = try await Self.make(["install", "DESTDIR=\(destdir)", "PREFIX=\(prefix)", "SYSCONFDIR=/etc"])
        let top = folder.appending("opt/soundtrack")

        let binary = top.appending(path: "bin/soundtrack")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path))
        let help = try await Subprocess.run([binary.path, "--help"])
        #expect(help.status == 0 && help.standardOutputText.contains("USAGE"), "\(help.summary)")

        for unit in ["soundtrack.service", "soundtrack@.service"] {
            let text = try Self.text(top.appending(path: "lib/systemd/system/\(unit)"))
            let execStart = text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") } ?? ""
            #expect(execStart.hasPrefix("ExecStart=\(prefix)/bin/soundtrack daemon --config /etc/soundtrack/"), "\(unit)")
            #expect(!text.contains("/usr/local/"), "\(unit) still names /usr/local")
            #expect(
                text.contains(
                    "Documentation=man:soundtrack(1) man:watch.conf(5) file://\(prefix)/share/doc/soundtrack/daemon.md\n"
                ), "\(unit)")
        }

        // soundtrack(1) is written from the same definitions as --help: every subcommand and
        // every option of every command is in it.
        let page = try await Self.renderedManPage(top.appending(path: "share/man/man1/soundtrack.1.gz"))
        #expect(page.contains("SOUNDTRACK(1)"))
        let dump = try await Subprocess.run([TestEnvironment.binary, "--experimental-dump-help"])
        let info = try JSONSerialization.jsonObject(with: dump.standardOutput) as? [String: Any]
        let names = Self.commandNames(try #require(info?["command"] as? [String: Any]))
        #expect(names.contains("daemon") && names.contains("--style"), "\(names)")
        for name in names {
            #expect(page.contains(name), "soundtrack(1) does not mention \(name)")
        }

        let conf = try await Self.renderedManPage(top.appending(path: "share/man/man5/watch.conf.5.gz"))
        #expect(conf.contains("WATCH.CONF(5)"))
        let keys = try Self.exampleKeys()
        #expect(keys.count >= 15, "\(keys)")
        for key in keys {
            #expect(conf.contains("\(key) = "), "watch.conf(5) does not describe \(key)")
        }

        let bash = try Self.text(top.appending(path: "share/bash-completion/completions/soundtrack"))
        #expect(bash.contains("-F _soundtrack soundtrack") && bash.contains("daemon"))
        let syntax = try await Subprocess.run(["bash", "-n", top.appending(path: "share/bash-completion/completions/soundtrack").path])
        #expect(syntax.status == 0, "\(syntax.summary)")
        #expect(try Self.text(top.appending(path: "share/zsh/site-functions/_soundtrack")).hasPrefix("#compdef soundtrack"))
        #expect(try Self.text(top.appending(path: "share/fish/vendor_completions.d/soundtrack.fish")).contains("complete -c 'soundtrack'"))

        let docs = top.appending(path: "share/doc/soundtrack")
        for name in ["README.md", "daemon.md", "music.md"] {
            #expect(Self.exists(docs.appending(path: name)), "\(name) is not installed")
        }
        let example = try Self.text(Self.root.appending(path: "watch.conf.example"))
        #expect(try Self.text(docs.appending(path: "examples/watch.conf")) == example)

        // The configuration is installed once and never overwritten by a later install.
        let config = folder.appending("etc/soundtrack/watch.conf")
        #expect(try Self.text(config) == example)
        try Data("# edited by the admin\n".utf8).write(to: config)
        _ = try await Self.make(["install", "DESTDIR=\(destdir)", "PREFIX=\(prefix)", "SYSCONFDIR=/etc"])
        #expect(try Self.text(config) == "# edited by the admin\n")
    }

    /// `make deb`, once per test run (gzip: many times faster to pack than xz), into a folder
    /// removed when the process exits.
    static let builtPackage = Task<URL, any Error> {
        let folder = packageFolder
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: InstallTests.packageFolder) }
        let made = try await make(["deb", "DEB_DIR=\(folder)", "DEB_COMPRESS=gzip"])
        guard let name = made.standardOutputText.split(separator: "\n").last(where: { $0.hasSuffix(".deb") }) else {
            throw SubprocessFailure(command: "make deb (no package named in its output)", result: made)
        }
        return URL(fileURLWithPath: String(name))
    }
    static let packageFolder = "\(NSTemporaryDirectory())/soundtrack-deb-\(getpid())"

    @Test("make deb: Depends names the runtime libraries and a SoundFont, the binary runs without /opt/swift")
    func debianPackage() async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-deb")
        let package = try await Self.builtPackage.value
        #expect(package.lastPathComponent.hasPrefix("soundtrack_"))

        let info = try await Subprocess.run(["dpkg-deb", "-f", package.path])
        #expect(info.status == 0, "\(info.summary)")
        let fields = info.standardOutputText
        #expect(fields.contains("Package: soundtrack\n"))
        let depends = String(fields.split(separator: "\n").first { $0.hasPrefix("Depends: ") } ?? "")
        for library in [
            "libavformat59", "libavcodec59", "libavutil57", "libswresample4", "libswscale6", "libfluidsynth3",
            "libinotifytools0", "libsqlite3-0", "libc6", "adduser",
        ] {
            #expect(depends.contains("\(library) ") || depends.contains("\(library),"), "\(library) missing: \(depends)")
        }
        #expect(depends.hasSuffix(", fluid-soundfont-gm | fluidr3mono-gm-soundfont | timgm6mb-soundfont"), "\(depends)")
        #expect(!depends.contains("swift") && !depends.contains("-dev"), "\(depends)")
        // Loudness is measured in Swift (Mixing's LoudnessMeter): no libebur128.
        #expect(!depends.contains("ebur128"), "\(depends)")
        #expect(fields.contains("\nRecommends: fluid-soundfont-gm\n"), "\(fields)")
        // Minimal systems have no /bin/kill: the package brings it when a unit calls it.
        let units = try ["soundtrack.service", "soundtrack@.service"].map {
            try Self.text(Self.root.appending(path: "systemd/\($0)"))
        }
        #expect(depends.contains("procps") == units.contains { $0.contains("/bin/kill") }, "\(depends)")

        let control = try await Subprocess.run(["dpkg-deb", "-I", package.path, "conffiles"])
        #expect(control.standardOutputText == "/etc/soundtrack/watch.conf\n", "\(control.summary)")
        for script in ["postinst", "prerm", "postrm"] {
            let body = try await Subprocess.run(["dpkg-deb", "-I", package.path, script])
            #expect(body.status == 0, "\(script): \(body.summary)")
            let syntax = try await Subprocess.run(["sh", "-n", "-c", body.standardOutputText])
            #expect(syntax.status == 0, "\(script): \(syntax.summary)")
            if script == "postinst" {
                #expect(body.standardOutputText.contains("--system"), "postinst does not make a system user")
                #expect(body.standardOutputText.contains("deb-systemd-helper enable $unit"))
                #expect(
                    !body.standardOutputText.contains("systemctl start")
                        && !body.standardOutputText.contains("invoke start"), "postinst must not start the service")
            }
        }

        let listing = try await Subprocess.run(["dpkg-deb", "-c", package.path])
        for path in [
            "./usr/bin/soundtrack", "./lib/systemd/system/soundtrack.service", "./lib/systemd/system/soundtrack@.service",
            "./usr/share/man/man1/soundtrack.1.gz", "./usr/share/man/man5/watch.conf.5.gz",
            "./usr/share/bash-completion/completions/soundtrack", "./usr/share/zsh/vendor-completions/_soundtrack",
            "./usr/share/fish/vendor_completions.d/soundtrack.fish", "./usr/share/doc/soundtrack/daemon.md",
            "./usr/share/doc/soundtrack/examples/watch.conf", "./etc/soundtrack/watch.conf",
        ] {
            #expect(listing.standardOutputText.contains(" \(path)\n"), "\(path) is not in the package")
        }
        #expect(listing.standardOutputText.contains("root/root"))

        let tree = try folder.subfolder("tree")
        let extract = try await Subprocess.run(["dpkg-deb", "-x", package.path, tree.path])
        #expect(extract.status == 0, "\(extract.summary)")
        let unit = try Self.text(tree.appending(path: "lib/systemd/system/soundtrack.service"))
        #expect(unit.contains("\nExecStart=/usr/bin/soundtrack daemon --config /etc/soundtrack/watch.conf\n"))
        #expect(unit.contains("file:///usr/share/doc/soundtrack/daemon.md"))
        if TestEnvironment.hasTool("systemd-analyze") {
            try await Self.verifyUnits(in: tree)
        }

        let binary = tree.appending(path: "usr/bin/soundtrack").path
        let ldd = try await Subprocess.run(["ldd", binary])
        #expect(ldd.status == 0 && !ldd.standardOutputText.contains("swift"), "\(ldd.standardOutputText)")
        if TestEnvironment.canMountReadOnlyPrivately, Self.exists(URL(fileURLWithPath: "/opt/swift")) {
            try await Self.runWithoutToolchain(binary)
        }
    }

    /// `systemd-analyze verify` on the packaged units, in the unpacked package as root folder with
    /// systemd's own units and kill beside them: it checks that ExecStart's binary is there.
    static func verifyUnits(in tree: URL) async throws {
        let manager = FileManager.default
        try manager.createDirectory(at: tree.appending(path: "usr/lib/systemd"), withIntermediateDirectories: true)
        try manager.createDirectory(at: tree.appending(path: "bin"), withIntermediateDirectories: true)
        try manager.copyItem(atPath: "/usr/lib/systemd/system", toPath: tree.appending(path: "usr/lib/systemd/system").path)
        try manager.copyItem(atPath: "/bin/kill", toPath: tree.appending(path: "bin/kill").path)
        for unit in ["soundtrack.service", "soundtrack@example.service"] {
            let result = try await Subprocess.run(["systemd-analyze", "verify", "--man=no", "--root=\(tree.path)", unit])
            #expect(result.status == 0 && result.standardError.isEmpty, "\(unit): \(result.summary)")
        }
    }

    /// The packaged binary makes a soundtrack with an empty folder mounted over /opt/swift.
    static func runWithoutToolchain(_ binary: String) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-noswift")
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let hidden = try await Self.hidingToolchain([binary, input.path])
        #expect(hidden.status == 0, "\(hidden.summary)")
        #expect(Self.exists(folder.appending("clip.soundtrack.mp4")))
        // `--version` (where this build has it) names the libraries it found, without Swift too.
        if try await Subprocess.run([binary, "--version"]).status == 0 {
            let version = try await Self.hidingToolchain([binary, "--version"])
            #expect(version.status == 0 && !version.standardOutputText.isEmpty, "\(version.summary)")
        }
    }

    /// Runs a command in a private mount namespace with an empty tmpfs over /opt/swift.
    static func hidingToolchain(_ command: [String]) async throws -> ProcessResult {
        try await Subprocess.run(
            [
                "unshare", "-m", "sh", "-c",
                #"mount -t tmpfs -o size=1m tmpfs /opt/swift && ! ls /opt/swift/usr >/dev/null 2>&1 && exec "$@""#,
                "sh",
            ] + command)
    }
}
