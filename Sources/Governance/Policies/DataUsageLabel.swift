/// A data usage label (AEP's Data Usage Labeling and Enforcement): the core labels — contract `C1`…`C12`, identity
/// `I1`…`I3`, sensitive `S1`…`S3` — or a custom label a sandbox defines. Datasets and schema fields carry them;
/// policies deny marketing actions on data that carries them.
public struct DataUsageLabel: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Category: String, Sendable, Codable {
        case contract, identity, sensitive, custom
    }

    public let name: String

    /// `name` if it is a core label, or a valid custom label name (a letter, then up to 63 letters, digits, `_` or
    /// `-`, and not shaped like a core label); nil otherwise.
    public init?(_ name: String) {
        guard Self.isCore(name) || Self.isValidCustom(name) else { return nil }
        self.name = name
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let label = DataUsageLabel(name) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "invalid label '\(name)'"))
        }
        self = label
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }

    public static func < (a: DataUsageLabel, b: DataUsageLabel) -> Bool { a.name < b.name }

    public var category: Category {
        guard Self.isCore(name), let first = name.first else { return .custom }
        switch first {
        case "C": return .contract
        case "I": return .identity
        default: return .sensitive
        }
    }

    /// The core labels by category's range: C1-C12, I1-I3, S1-S3.
    public static let core: [String] =
        (1...12).map { "C\($0)" } + (1...3).map { "I\($0)" } + (1...3).map { "S\($0)" }

    static func isCore(_ name: String) -> Bool { core.contains(name) }

    static func isValidCustom(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter, name.unicodeScalars.count <= 64 else {
            return false
        }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-" }
        // `C13` or `S4` would read as core labels that do not exist.
        let coreShaped = name.wholeMatch(of: /[CIS][0-9]+/) != nil
        return allowed && !coreShaped
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
