/// An ordered list of top-level fields.
public struct Schema: Sendable, Hashable {
    public var fields: [Field]
    public var metadata: [String: String]

    public init(_ fields: [Field], metadata: [String: String] = [:]) {
        self.fields = fields
        self.metadata = metadata
    }

    /// The index of the top-level field called `name`, if any.
    public func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// The field at a dotted path (`web.page.name`), descending through structs.
    public func field(atPath path: String) -> Field? {
        var current = fields
        var found: Field?
        for part in path.split(separator: ".") {
            guard let next = current.first(where: { $0.name == part }) else { return nil }
            found = next
            if case let .struct(children) = next.type { current = children } else { current = [] }
        }
        return found
    }

    /// The struct type that has this schema's fields.
    public var structType: DataType { .struct(fields) }
}
