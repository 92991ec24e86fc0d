import Columnar
import Synchronization

extension SchemaDocument {
    /// Parsed schemas by document text: every catalog read (each SQL statement's snapshot of a sandbox) decodes the
    /// same stored documents again, and JSON decoding them dominated short queries. Bounded; cleared when full.
    private static let parsed = Mutex<[String: Schema]>([:])
    static let cachedSchemas = 512

    /// The schema of a stored document, parsed once per distinct text.
    static func cachedSchema(of document: String) throws(LakeError) -> Schema {
        if let schema = parsed.withLock({ $0[document] }) { return schema }
        let schema = try parse(Array(document.utf8)).schema
        parsed.withLock { cache in
            if cache.count >= cachedSchemas { cache.removeAll(keepingCapacity: true) }
            cache[document] = schema
        }
        return schema
    }
}
