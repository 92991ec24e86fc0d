/// The `<Error><Code>..</Code><Message>..</Message></Error>` document S3, GCS's XML API and Azure Blob answer
/// failures with (other elements, such as S3's `StringToSign`, are never read).
struct XMLErrorDocument: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "Error"

    var code: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case message = "Message"
    }

    /// The error document of `body`, if it is one.
    static func read(_ body: [UInt8]) -> XMLErrorDocument? {
        try? XMLDocuments.decode(Self.self, from: body)
    }

    /// `code` with letters, digits and dots only, at most 64 characters: nothing a server echoes reaches a message.
    var safeCode: String? {
        code.map { String($0.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "." }) }
    }
}
