import Foundation
import XMLCoder

/// An XML document a service answers with: `Decodable` gives its shape, `rootElement` the name its root must have.
protocol XMLResponseDocument: Decodable {
    /// The root element (`Error`, `ListBucketResult` ...); a well-formed document with another root is refused.
    static var rootElement: String { get }
}

/// An XML document Outflow sends: `Encodable` gives its shape (attributes as XMLCoder `@Attribute` properties).
protocol XMLRequestDocument: Encodable {
    /// The root element (`CompleteMultipartUpload`, `BlockList` ...).
    static var rootElement: String { get }
    /// Whether the body starts with `<?xml version="1.0" encoding="utf-8"?>`.
    static var hasDeclaration: Bool { get }
}

extension XMLRequestDocument {
    static var hasDeclaration: Bool { false }
}

/// The one XML layer of the cloud destinations: XMLCoder reads and writes every S3, GCS (XML API), Azure Blob and
/// STS document, so entities, escaping, whitespace and namespaces are handled by one parser and one encoder.
enum XMLDocuments {
    /// Reads `body` as `Document`. Element text is kept exactly (an object key may start or end with spaces);
    /// whitespace between elements is dropped. Never traps on a malformed body (`XMLDocumentOutline` refuses one
    /// nested too deep first): every failure is an `XMLDocumentError` that holds no document text.
    static func decode<Document: XMLResponseDocument>(
        _ type: Document.Type, from body: [UInt8]
    ) throws(XMLDocumentError) -> Document {
        let data = Data(body)
        let root = try XMLDocumentOutline.root(of: data)
        guard root == Document.rootElement else { throw .unexpectedRoot(expected: Document.rootElement, found: root) }
        let decoder = XMLDecoder(trimValueWhitespaces: false, removeWhitespaceElements: true)
        // No error context: XMLCoder's context builder indexes the body's lines and can trap on blank lines.
        decoder.errorContextLength = 0
        do {
            return try decoder.decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(root: root, path: XMLDocumentError.path(of: error))
        } catch {
            throw .notXML
        }
    }

    /// Whether `body` is a well-formed `Document` (for answers that may be one of two documents).
    static func isDocument<Document: XMLResponseDocument>(_ type: Document.Type, _ body: [UInt8]) -> Bool {
        (try? decode(type, from: body)) != nil
    }

    /// Writes `document` as UTF-8 XML; XMLCoder escapes `& < > " '` in text and attributes.
    static func encode<Document: XMLRequestDocument>(_ document: Document) throws(XMLDocumentError) -> [UInt8] {
        let header = Document.hasDeclaration ? XMLHeader(version: 1.0, encoding: "utf-8") : nil
        do {
            return Array(try XMLEncoder().encode(document, withRootKey: Document.rootElement, header: header))
        } catch {
            throw .unencodable(root: Document.rootElement)
        }
    }
}
