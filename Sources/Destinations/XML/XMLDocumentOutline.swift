import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What `XMLDocuments` checks before XMLCoder sees a body, with the parser XMLCoder uses (Foundation's
/// `XMLParser`): that the body is well-formed, its root element's name (XMLCoder decodes a root's content, not its
/// name), and that elements nest at most `maximumDepth` deep (XMLCoder builds its tree recursively: a body nested
/// a hundred thousand deep would exhaust the stack).
final class XMLDocumentOutline: NSObject, XMLParserDelegate {
    /// Far deeper than any document read here (an Azure listing nests five deep).
    static let maximumDepth = 32

    private var root: String?
    private var depth = 0
    private var tooDeep = false

    /// The root element's name of a well-formed body nested at most `maximumDepth` deep.
    static func root(of data: Data) throws(XMLDocumentError) -> String {
        let outline = XMLDocumentOutline()
        let parser = XMLParser(data: data)
        parser.delegate = outline
        parser.shouldResolveExternalEntities = false
        let wellFormed = parser.parse()
        if outline.tooDeep { throw .tooDeep(limit: maximumDepth) }
        guard wellFormed, let root = outline.root else { throw .notXML }
        return root
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

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
    }
}
