/// One rejected record of an input file (NDJSON line, CSV row, Parquet row): where it is, which field,
/// and why. A rejected record contributes no values to the output.
public struct RecordError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The input file's name as the caller gave it.
    public var file: String
    /// 1-based line (or row) number in the file.
    public var line: Int
    /// The field the problem is about: dotted for nested fields (`web.page.name`), with an index for
    /// list elements (`products[2].price`); empty when the whole record is bad (syntax, encoding).
    public var fieldPath: String
    /// A human-readable reason, naming the expected type or format.
    public var reason: String

    public init(file: String, line: Int, fieldPath: String, reason: String) {
        self.file = file
        self.line = line
        self.fieldPath = fieldPath
        self.reason = reason
    }

    public var description: String {
        let location = "\(file):\(line)"
        return fieldPath.isEmpty ? "\(location): \(reason)" : "\(location): \(fieldPath): \(reason)"
    }
}
