import Logging
import Synchronization
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// Gives each output the group and permission bits its watch asks for (`output_group`,
/// `output_mode`): by default the input's group and 0640, so that the people who share a drop
/// folder can read what comes out of it (the service's own umask would leave the output to the
/// service's user and group alone).
enum OutputAccess {
    /// Groups a change to was refused, so the warning is logged once per group, not per file.
    private static let refusedGroups = Mutex<Set<UInt32>>([])

    static func apply(output: String, input: String, watch: WatchFolder, logger: Logger) {
        var inputStatus = stat()
        let group = watch.outputGroup ?? (lstat(input, &inputStatus) == 0 ? UInt32(inputStatus.st_gid) : nil)
        if let group, chown(output, uid_t.max, gid_t(group)) != 0 {
            let reason = String(cString: strerror(errno))
            if refusedGroups.withLock({ $0.insert(group).inserted }) {
                logger.warning(
                    "cannot give outputs their group; make the service's user a member of it, or set output_group",
                    metadata: ["file": "\(output)", "group": "\(group)", "reason": "\(reason)"])
            }
        }
        if chmod(output, mode_t(watch.outputMode)) != 0 {
            logger.warning(
                "cannot set the output's permissions",
                metadata: ["file": "\(output)", "reason": "\(String(cString: strerror(errno)))"])
        }
    }
}
