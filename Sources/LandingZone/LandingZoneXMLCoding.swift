import Foundation
import HTTPTypes
import XMLCoder

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML document the landing zone answers with (`Encodable`; attributes as XMLCoder `@Attribute` properties).
protocol LandingZoneXMLOutput: Encodable {
    /// The root element (`EnumerationResults`, `Error`, `BlockList`).
    static var rootElement: String { get }
}

/// An XML document a client sends (`Decodable`), refused unless its root element is `rootElement`.
protocol LandingZoneXMLInput: Decodable {
    static var rootElement: String { get }
}

/// The landing zone's XML layer: XMLCoder writes every Blob answer (declaration first, `& < > " '` escaped) and
/// reads the one body clients send as XML (Put Block List). Never traps on a malformed body.
enum LandingZoneXMLCoding {
    /// `document` as UTF-8 XML after `<?xml version="1.0" encoding="utf-8"?>`.
    static func encode<Document: LandingZoneXMLOutput>(_ document: Document) throws(LandingZoneError) -> [UInt8] {
        do {
            return Array(
                try XMLEncoder().encode(
                    document, withRootKey: Document.rootElement, header: XMLHeader(version: 1.0, encoding: "utf-8")))
        } catch {
            throw LandingZoneError(
                .internalServerError, "InternalError", "The server failed to write the \(Document.rootElement) answer.")
        }
    }

    /// `body` as `Document`, element text trimmed; nil when it is not well-formed XML, has another root element,
    /// nests elements more than `Outline.maximumDepth` deep or does not have the document's shape.
    static func decode<Document: LandingZoneXMLInput>(_ type: Document.Type, from body: [UInt8]) -> Document? {
        let data = Data(body)
        guard Outline.root(of: data) == Document.rootElement else { return nil }
        let decoder = XMLDecoder()
        // No error context: XMLCoder's context builder indexes the body's lines and can trap on blank lines.
        decoder.errorContextLength = 0
        return try? decoder.decode(Document.self, from: data)
    }

    /// Checks a client's body with the parser XMLCoder uses before XMLCoder sees it: well-formed, its root
    /// element's name (XMLCoder decodes a root's content, not its name), and nesting at most `maximumDepth` deep
    /// (XMLCoder builds its tree recursively: a body nested a hundred thousand deep would exhaust the stack).
    private final class Outline: NSObject, XMLParserDelegate {
        /// Far deeper than a block list (two levels).
        static let maximumDepth = 32

        private var root: String?
        private var depth = 0
        private var tooDeep = false

        /// The root element's name; nil when the body is not well-formed or nests too deep.
        static func root(of data: Data) -> String? {
            let outline = Outline()
            let parser = XMLParser(data: data)
            parser.delegate = outline
            parser.shouldResolveExternalEntities = false
            guard parser.parse(), !outline.tooDeep else { return nil }
            return outline.root
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = elementName }
            depth += 1
            if depth > Self.maximumDepth {
                tooDeep = true
                parser.abortParsing()
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            depth -= 1
        }
    }
}
