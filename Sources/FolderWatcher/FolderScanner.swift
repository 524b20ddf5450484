import FileSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Lists every entry below a folder, depth first, without following symlinks.
public enum FolderScanner {
    /// Calls `visit` with the path of every non-folder entry below `folder` whose name is not
    /// temporary; hidden subfolders are skipped.
    public static func scan(_ folder: String, depthLimit: Int = 32, visit: (String) -> Void) {
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
