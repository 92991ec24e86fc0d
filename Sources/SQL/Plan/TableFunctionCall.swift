/// One set-returning function of a `tableFunction` node: its arguments over the node's input and the columns it
/// adds (one, or the fields of a composite element, which PostgreSQL expands into columns in FROM).
public struct TableFunctionCall: Hashable, Sendable, CustomStringConvertible {
    public var function: SetFunction
    public var arguments: [BoundExpression]
    public var columns: [SQLType]
    /// `unnest` of records: each element's fields are the columns.
    public var expandsRecord: Bool

    public var description: String {
        "\(function.rawValue)(" + arguments.map(\.description).joined(separator: ", ") + ")"
    }
}
