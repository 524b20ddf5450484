import MediaIO

#if canImport(Glibc)
    import Glibc
#endif

/// File names and messages as a terminal should show them: on one line, whatever bytes the
/// name holds. A newline or escape sequence in a file name must not split an error message or
/// move the cursor; bytes that are not UTF-8 show as `\xE9` (see `FileSystemName`).
enum DisplayName {
    /// `text` with control characters written as escapes (`\n`, `\t`, `\x1B`) and the stray
    /// bytes of names that are not UTF-8 as `\xE9`.
    static func escapingControls(_ text: String) -> String {
        var shown = ""
        shown.reserveCapacity(text.utf8.count)
        for scalar in FileSystemName.display(text).unicodeScalars {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                shown += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The command's arguments as the kernel passed them, without the program name. Swift's
    /// `CommandLine.arguments` replaces bytes that are not UTF-8 with U+FFFD, which names
    /// another file; these keep them (see `FileSystemName`).
    static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            let length = strlen(argument)
            return argument.withMemoryRebound(to: UInt8.self, capacity: length) {
                FileSystemName.string(fromBytes: Array(UnsafeBufferPointer(start: $0, count: length)))
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
