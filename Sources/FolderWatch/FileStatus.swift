#if canImport(Glibc)
    import Glibc
#endif

/// What `lstat` says about a path (a symlink is described, never followed).
struct FileStatus: Equatable, Sendable {
    enum Kind: Sendable { case regular, folder, symlink, other }

    var kind: Kind
    var size: Int64
    /// Nanoseconds since 1970.
    var modified: Int64
    var links: Int

    init?(path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .folder
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        links = Int(status.st_nlink)
    }
}

/// Lists every entry below a folder, depth first, without following symlinks.
enum FolderScanner {
    /// Calls `visit` with the path of every non-folder entry below `folder` whose name is not
    /// temporary; hidden subfolders are skipped.
    static func scan(_ folder: String, depthLimit: Int = 32, visit: (String) -> Void) {
        guard depthLimit > 0, let directory = opendir(folder) else { return }
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || ArrivalFilter.isTemporary(name) { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) {
                subfolders.append(path)
            } else if entry.pointee.d_type == UInt8(DT_UNKNOWN), FileStatus(path: path)?.kind == .folder {
                subfolders.append(path)
            } else {
                visit(path)
            }
        }
        closedir(directory)
        for subfolder in subfolders.sorted() {
            scan(subfolder, depthLimit: depthLimit - 1, visit: visit)
        }
    }
}
