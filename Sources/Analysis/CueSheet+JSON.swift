#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension CueSheet {
    /// Cues from JSON: an array of objects, each with `time` (seconds as a number, or a string
    /// written as on a text sheet, "0:42") and `text`; no other keys.
    static func jsonCues(_ text: String) throws(CueSheetError) -> [Cue] {
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: Data(text.utf8))
        } catch let error as CueSheetError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .badJSON(context.codingPath.isEmpty ? "it is not valid JSON" : Self.where(context) + "cannot be read")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .badJSON(Self.where(context) + "has the wrong type")
        } catch let DecodingError.keyNotFound(key, context) {
            throw .badJSON(Self.where(context) + "has no \"\(key.stringValue)\"")
        } catch {
            throw .badJSON("it is not valid JSON")
        }
        guard records.count <= maximumCues else { throw .tooManyCues }
        var cues: [Cue] = []
        for (index, record) in records.enumerated() {
            guard let seconds = record.seconds, seconds.isFinite, seconds >= 0 else {
                throw .badJSON("cue \(index + 1) has a time that is not m:ss, h:mm:ss or seconds from 0")
            }
            let words = Substring(record.text).trimmingWhitespace
            guard !words.isEmpty else { throw .noWords(line: index + 1) }
            cues.append(Cue(seconds: seconds, text: String(words), line: index + 1))
        }
        return cues
    }

    /// "cue 3 " for a decoding error inside the third object.
    private static func `where`(_ context: DecodingError.Context) -> String {
        guard let index = context.codingPath.first?.intValue else { return "the top level " }
        return "cue \(index + 1) "
    }

    /// One object of the array.
    private struct Record: Decodable {
        var seconds: Double?
        var text: String

        enum Keys: String, CodingKey, CaseIterable {
            case time, text
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let all = try decoder.container(keyedBy: AnyKey.self)
            if let unknown = all.allKeys.first(where: { Keys(rawValue: $0.stringValue) == nil }) {
                throw CueSheetError.badJSON("unknown key \"\(unknown.stringValue)\"; a cue has \"time\" and \"text\"")
            }
            let container = try decoder.container(keyedBy: Keys.self)
            text = try container.decode(String.self, forKey: .text)
            if let number = try? container.decode(Double.self, forKey: .time) {
                seconds = number
            } else {
                seconds = CueTime.seconds(Substring(try container.decode(String.self, forKey: .time)))
            }
        }
    }
}
