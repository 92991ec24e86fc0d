/// Why a body is not the XML document expected, or why a document could not be written. Holds element names
/// only, never document text (a server may echo a string to sign or a token).
enum XMLDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not well-formed XML (empty, HTML, truncated).
    case notXML
    /// Elements nest deeper than `limit` (refused before XMLCoder, which would recurse that deep).
    case tooDeep(limit: Int)
    /// Well-formed XML whose root element is another one.
    case unexpectedRoot(expected: String, found: String)
    /// The root is right, but an element is missing or has the wrong shape at `path` (`Contents/0/Key`).
    case malformed(root: String, path: String)
    /// XMLCoder could not encode the document.
    case unencodable(root: String)

    var description: String {
        switch self {
        case .notXML: "the body is not well-formed XML"
        case .tooDeep(let limit): "the XML document nests elements more than \(limit) deep"
        case .unexpectedRoot(let expected, let found): "the XML document is a \(found), not a \(expected)"
        case .malformed(let root, let path): "the \(root) document has a missing or malformed element at \(path)"
        case .unencodable(let root): "the \(root) document could not be written as XML"
        }
    }

    /// The coding path of a decoding error, as `Contents/0/Key` (element names and indexes only).
    static func path(of error: DecodingError) -> String {
        let keys: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context):
            // XMLCoder's context already ends with the missing key; Foundation's decoders' does not.
            let endsWithKey = context.codingPath.last?.stringValue == key.stringValue
            keys = endsWithKey ? context.codingPath : context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            keys = context.codingPath
        @unknown default: keys = []
        }
        return keys.isEmpty ? "/" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }
}
