import Foundation

/// Minimal XML text helpers for the XML interop API's small, flat documents (no I/O, no XML parser needed).
enum GCSXMLText {
    /// Replaces the five predefined entities and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].firstIndex(of: ";"),
                text.distance(from: index, to: semicolon) <= 10
            {
                let entity = text[text.index(after: index)..<semicolon]
                if let decoded = decode(entity) {
                    out.append(decoded)
                    index = text.index(after: semicolon)
                    continue
                }
            }
            out.append(text[index])
            index = text.index(after: index)
        }
        return out
    }

    private static func decode(_ entity: Substring) -> Character? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let hex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
            guard entity.hasPrefix("#"),
                let value = UInt32(entity.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                let scalar = Unicode.Scalar(value)
            else { return nil }
            return Character(scalar)
        }
    }

    /// Escapes text for an XML element.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The texts of every `<name>...</name>` element inside each `<container>...</container>` block, in order.
    static func blocks(_ container: String, in text: String) -> [Substring] {
        var out: [Substring] = []
        var searchFrom = text.startIndex
        while let open = text.range(of: "<\(container)>", range: searchFrom..<text.endIndex),
            let close = text.range(of: "</\(container)>", range: open.upperBound..<text.endIndex)
        {
            out.append(text[open.upperBound..<close.lowerBound])
            searchFrom = close.upperBound
        }
        return out
    }
}
