#if canImport(Glibc)
    import Glibc
#endif

/// File names as the file system has them: bytes, not necessarily UTF-8.
///
/// A Linux file name is any string of bytes, and old camera cards and archives are full of
/// Latin-1 names (`caf\xE9.mp4`). A Swift `String` cannot hold such bytes, so a name that is not
/// UTF-8 is carried with each stray byte `b` (0x80...0xFF) written as the scalar U+10FF00 + b,
/// which no real name uses (the end of the last private-use plane). `string(fromBytes:)` makes
/// such a string from argv or a directory entry; `withBytes` gives the file system the original
/// bytes back; `display` shows them as `\xE9`. Strings that are valid UTF-8 pass unchanged.
public enum FileSystemName {
    private static let escapeBase: UInt32 = 0x10_FF00

    /// A string for the name `bytes`, losing nothing.
    public static func string(fromBytes bytes: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < bytes.count {
            let length = UTF8Sequence.length(bytes, at: index)
            if length > 0 {
                result += String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                index += length
            } else {
                result.unicodeScalars.append(Unicode.Scalar(escapeBase + UInt32(bytes[index]))!)
                index += 1
            }
        }
        return result
    }

    /// The bytes the file system knows `name` by.
    public static func bytes(_ name: String) -> [UInt8] {
        guard name.unicodeScalars.contains(where: isEscape) else { return Array(name.utf8) }
        var bytes: [UInt8] = []
        for scalar in name.unicodeScalars {
            if isEscape(scalar) {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Calls `body` with `name` as the NUL-terminated bytes a system call wants.
    public static func withBytes<Result>(_ name: String, _ body: (UnsafePointer<CChar>) throws -> Result) rethrows
        -> Result
    {
        guard name.unicodeScalars.contains(where: isEscape) else { return try name.withCString(body) }
        let raw = bytes(name).map { CChar(bitPattern: $0) } + [0]
        return try raw.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// `name` for people: each byte that is not UTF-8 as `\xE9`.
    public static func display(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: isEscape) else { return name }
        var shown = ""
        for scalar in name.unicodeScalars {
            if isEscape(scalar) {
                let byte = scalar.value - escapeBase
                shown += "\\x" + String(byte, radix: 16, uppercase: true)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    private static func isEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= escapeBase + 0x80 && scalar.value <= escapeBase + 0xFF
    }
}

// Every system call of this module that takes a user's path goes through these overloads
// (Swift prefers them to Glibc's, which take a C string), so escaped names reach the file
// system as their original bytes.

func open(_ path: String, _ flags: Int32) -> Int32 {
    FileSystemName.withBytes(path) { Glibc.open($0, flags) }
}

func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    FileSystemName.withBytes(path) { Glibc.open($0, flags, mode) }
}

@discardableResult
func unlink(_ path: String) -> Int32 {
    FileSystemName.withBytes(path) { Glibc.unlink($0) }
}

@discardableResult
func rename(_ from: String, _ to: String) -> Int32 {
    FileSystemName.withBytes(from) { old in FileSystemName.withBytes(to) { new in Glibc.rename(old, new) } }
}

func linkat(_ fromFolder: Int32, _ from: String, _ toFolder: Int32, _ to: String, _ flags: Int32) -> Int32 {
    FileSystemName.withBytes(from) { old in
        FileSystemName.withBytes(to) { new in Glibc.linkat(fromFolder, old, toFolder, new, flags) }
    }
}

func lstat(_ path: String, _ status: inout stat) -> Int32 {
    FileSystemName.withBytes(path) { Glibc.lstat($0, &status) }
}

/// Well-formed UTF-8, by the table in Unicode's chapter 3 (no overlongs, no surrogates).
enum UTF8Sequence {
    /// The length of the well-formed sequence at `index`, or 0 when the byte there starts none.
    static func length(_ bytes: [UInt8], at index: Int) -> Int {
        let (length, low, high): (Int, UInt8, UInt8)
        switch bytes[index] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
