/// One field (or, for `items`/`values`, one nameless type) of a schema document, as JSON.
/// Decoded leniently (every key optional) so that validation can name the JSON path of what is wrong.
final class FieldDocument: Codable, Sendable {
    let name: String?
    let type: String?
    let required: Bool?
    let labels: [String]?
    let description: String?
    let identity: String?
    let primaryIdentity: Bool?
    let fields: [FieldDocument]?
    let items: FieldDocument?
    let values: FieldDocument?
    let precision: Int?
    let scale: Int?

    init(
        name: String?, type: String?, required: Bool? = nil, labels: [String]? = nil, description: String? = nil,
        identity: String? = nil, primaryIdentity: Bool? = nil, fields: [FieldDocument]? = nil,
        items: FieldDocument? = nil, values: FieldDocument? = nil, precision: Int? = nil, scale: Int? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.labels = labels
        self.description = description
        self.identity = identity
        self.primaryIdentity = primaryIdentity
        self.fields = fields
        self.items = items
        self.values = values
        self.precision = precision
        self.scale = scale
    }
}

/// The top level of a schema document.
struct RootDocument: Codable, Sendable {
    var title: String?
    var description: String?
    var `class`: String?
    var labels: [String]?
    var fields: [FieldDocument]?
}
