#if canImport(Glibc)
    import Glibc
#endif

/// Path arithmetic on plain strings (no Foundation, no symlink resolution unless asked).
public enum FolderPaths {
    /// `path` made absolute against `base` (or the working folder), with `.`, `..` and doubled
    /// slashes removed.
    public static func absolute(_ path: String, base: String? = nil) -> String {
        var joined = path
        if !path.hasPrefix("/") {
            let root = base ?? currentFolder()
            joined = root + "/" + path
        }
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is strictly inside `folder` (compared as written and with symlinks resolved).
    public static func contains(_ folder: String, _ path: String) -> Bool {
        func inside(_ folder: String, _ path: String) -> Bool {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            return path.hasPrefix(prefix)
        }
        if inside(folder, path) { return true }
        guard let realFolder = resolved(folder), let realPath = resolvedExisting(path) else { return false }
        return inside(realFolder, realPath) || realFolder == realPath && folder != path
    }

    /// `path` relative to `folder` (which must contain it).
    public static func relative(_ path: String, to folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : name(of: path)
    }

    public static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func currentFolder() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Resolves the longest existing prefix of `path` and appends the rest.
    static func resolvedExisting(_ path: String) -> String? {
        var head = path
        var tail: [String] = []
        while head != "/" && !head.isEmpty {
            if let real = resolved(head) {
                return ([real == "/" ? "" : real] + tail.reversed()).joined(separator: "/")
            }
            tail.append(name(of: head))
            head = AtomicFolder.of(head)
        }
        return nil
    }
}

/// The folder part of a path.
public enum AtomicFolder {
    public static func of(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
