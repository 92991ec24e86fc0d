public import Columnar

/// A dotted field path (`web.webPageDetails.name`) resolved in a dataset's schema: it descends through structs
/// and, for a list of structs, into the list's element (`productListItems.SKU`).
public enum FieldPath {
    /// The type at `path` in `schema`, or nil when a part is missing or the path goes through a leaf.
    public static func type(of path: String, in schema: Schema) -> DataType? {
        guard !path.isEmpty else { return nil }
        var fields = schema.fields
        var type: DataType?
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard type == nil || !fields.isEmpty, let field = fields.first(where: { $0.name == part }) else {
                return nil
            }
            type = field.type
            fields = children(of: field.type)
        }
        return type
    }

    static func children(of type: DataType) -> [Field] {
        switch type {
        case .struct(let fields): fields
        case .list(let element): children(of: element.type)
        default: []
        }
    }

    /// Numbers a metric can sum.
    public static func isNumeric(_ type: DataType) -> Bool {
        switch type {
        case .int32, .int64, .float32, .float64, .decimal: true
        case .list(let element): isNumeric(element.type)
        default: false
        }
    }

    /// Types that can identify a person or a lookup key.
    public static func isIdentifier(_ type: DataType) -> Bool {
        switch type {
        case .string, .int32, .int64: true
        default: false
        }
    }

    /// Types an event time can have.
    public static func isTime(_ type: DataType) -> Bool {
        switch type {
        case .timestamp, .date: true
        default: false
        }
    }
}
