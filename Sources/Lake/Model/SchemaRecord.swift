public import Columnar

/// A stored schema: the normalized schema document and the Columnar `Schema` it describes.
public struct SchemaRecord: Sendable, Codable {
    public var id: String
    public var sandbox: String
    public var title: String
    /// "ExperienceEvent" or "Record".
    public var schemaClass: String
    /// The normalized schema document (JSON text).
    public var document: String
    public var version: Int
    /// Epoch milliseconds.
    public var created: Int64
    /// Schema-level labels plus every field's labels, deduplicated, sorted.
    public var labels: [String]
    /// The Columnar schema (not encoded; rebuilt from `document` when decoded).
    public var schema: Schema

    enum CodingKeys: String, CodingKey {
        case id, sandbox, title, schemaClass, document, version, created, labels
    }

    public init(
        id: String, sandbox: String, title: String, schemaClass: String, document: String, version: Int,
        created: Int64, labels: [String], schema: Schema
    ) {
        self.id = id
        self.sandbox = sandbox
        self.title = title
        self.schemaClass = schemaClass
        self.document = document
        self.version = version
        self.created = created
        self.labels = labels
        self.schema = schema
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        sandbox = try c.decode(String.self, forKey: .sandbox)
        title = try c.decode(String.self, forKey: .title)
        schemaClass = try c.decode(String.self, forKey: .schemaClass)
        document = try c.decode(String.self, forKey: .document)
        version = try c.decode(Int.self, forKey: .version)
        created = try c.decode(Int64.self, forKey: .created)
        labels = try c.decode([String].self, forKey: .labels)
        schema = try SchemaDocument.cachedSchema(of: document)
    }
}
