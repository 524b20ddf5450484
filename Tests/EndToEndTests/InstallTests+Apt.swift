import Foundation
import TestSupport
import Testing

/// The real installation: apt-get install of the package `make deb` builds, on this machine.
extension InstallTests {
    /// Installing a system package changes the machine: only where asked (SOUNDTRACK_TEST_APT=1,
    /// or CI=true on a throwaway machine), as root, and where soundtrack is not installed already.
    static let mayInstallPackages: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["SOUNDTRACK_TEST_APT"] == "1" || environment["CI"] == "true", getuid() == 0 else {
            return false
        }
        return !exists(URL(fileURLWithPath: "/var/lib/dpkg/info/soundtrack.list"))
    }()

    @Test(
        "apt-get installs the package: a system user, the unit enabled, not started, and valid; then removes it",
        .enabled(if: mayInstallPackages, "set SOUNDTRACK_TEST_APT=1 (as root) to install the package here"))
    func aptInstall() async throws {
        let package = try await Self.builtPackage.value
        // What the package keeps after a purge (its user, the drop folders) goes again if this test made it.
        let userBefore = try await Subprocess.run(["getent", "passwd", "soundtrack"]).status == 0
        let foldersBefore = Self.exists(URL(fileURLWithPath: "/srv/soundtrack"))
        let apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q"]
        let installed = try await Subprocess.run(apt + ["install", package.path])
        #expect(installed.status == 0, "\(installed.summary)")
        var removed = false
        defer {
            if !removed { Issue.record("soundtrack is still installed: apt-get purge soundtrack") }
        }

        if TestEnvironment.canMountReadOnlyPrivately, Self.exists(URL(fileURLWithPath: "/opt/swift")) {
            try await Self.runWithoutToolchain("/usr/bin/soundtrack")
        }
        let user = try await Subprocess.run(["getent", "passwd", "soundtrack"])
        #expect(user.standardOutputText.contains(":/var/lib/soundtrack:"), "\(user.summary)")
        let link = try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/etc/systemd/system/multi-user.target.wants/soundtrack.service")
        #expect(link == "/lib/systemd/system/soundtrack.service", "the unit is not enabled")
        // With the package installed, verify also finds the man pages Documentation= names.
        let verify = try await Subprocess.run(["systemd-analyze", "verify", "soundtrack.service"])
        #expect(verify.status == 0 && verify.standardError.isEmpty, "\(verify.summary)")
        let conffiles = try await Subprocess.run(["dpkg-query", "-W", "-f=${Conffiles}", "soundtrack"])
        #expect(conffiles.standardOutputText.contains("/etc/soundtrack/watch.conf"))

        let purged = try await Subprocess.run(apt + ["purge", "soundtrack"])
        removed = purged.status == 0
        #expect(purged.status == 0, "\(purged.summary)")
        #expect(!Self.exists(URL(fileURLWithPath: "/usr/bin/soundtrack")))
        #expect(!Self.exists(URL(fileURLWithPath: "/etc/systemd/system/multi-user.target.wants/soundtrack.service")))
        if !foldersBefore {
            _ = try await Subprocess.run(["rmdir", "/srv/soundtrack/in", "/srv/soundtrack/out", "/srv/soundtrack/failed", "/srv/soundtrack"])
        }
        if !userBefore { _ = try await Subprocess.run(["userdel", "soundtrack"]) }
    }
}
