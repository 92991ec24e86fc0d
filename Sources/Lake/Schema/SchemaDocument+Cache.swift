import Columnar
import Synchronization

extension SchemaDocument {
    /// Parsed documents by their text: every catalog read (each SQL statement's snapshot of a sandbox) decodes the
    /// same stored documents again, and JSON decoding them dominated short queries. Bounded; cleared when full.
    private static let parsed = Mutex<[String: SchemaDocument]>([:])
    static let cachedDocuments = 512

    /// A stored document, parsed once per distinct text.
    static func cachedParse(_ document: String) throws(LakeError) -> SchemaDocument {
        if let found = parsed.withLock({ $0[document] }) { return found }
        let result = try parse(Array(document.utf8))
        parsed.withLock { cache in
            if cache.count >= cachedDocuments { cache.removeAll(keepingCapacity: true) }
            cache[document] = result
        }
        return result
    }

    /// The schema of a stored document, parsed once per distinct text.
    static func cachedSchema(of document: String) throws(LakeError) -> Schema {
        try cachedParse(document).schema
    }
}
