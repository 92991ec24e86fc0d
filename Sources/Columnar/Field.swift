/// A named, typed slot in a schema or struct.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: DataType
    public var nullable: Bool
    /// Free-form annotations (for example data-usage labels as `labels` = "C2,I1").
    public var metadata: [String: String]

    public init(_ name: String, _ type: DataType, nullable: Bool = true, metadata: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
    }
}
