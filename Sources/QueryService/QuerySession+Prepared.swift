public import SQL

/// What a statement returns and takes, known before it runs: the extended query protocol's Describe.
public struct StatementDescription: Sendable, Equatable {
    /// The result columns; nil for a statement that returns no rows.
    public var columns: [PlanColumn]?
    /// The type of each `$n` (declared, inferred from its use, or text).
    public var parameterTypes: [SQLType]
    /// For `COPY ... TO STDOUT`: how its rows are written (`columns` are the rows' types).
    public var copy: CopyRequest?
}

extension QuerySession {
    /// Describes `statement` without running it; `parameterTypes` are the client's (nil: infer).
    public func describe(_ statement: Statement, parameterTypes: [SQLType?]) async throws(SQLError)
        -> StatementDescription
    {
        let declared = parameterTypes.map { $0 ?? .text }
        switch statement {
        case let .query(query):
            let described = try engine.describe(query, catalog: try await catalog(), parameters: parameterTypes)
            return StatementDescription(columns: described.columns, parameterTypes: described.parameterTypes)
        case let .explain(explain):
            var types = declared
            if case let .query(query) = explain.statement {
                types = try engine.describe(query, catalog: try await catalog(), parameters: parameterTypes)
                    .parameterTypes
            }
            return StatementDescription(columns: [PlanColumn("QUERY PLAN", .text)], parameterTypes: types)
        case let .copy(copy):
            let described = try engine.describe(
                try Self.copyQuery(copy), catalog: try await catalog(), parameters: parameterTypes)
            let request = try CopyRequest(copy.options, columns: described.columns)
            return StatementDescription(
                columns: described.columns, parameterTypes: described.parameterTypes, copy: request)
        case let .show(show):
            return StatementDescription(columns: Self.showColumns(show.name), parameterTypes: declared)
        default:
            return StatementDescription(columns: nil, parameterTypes: declared)
        }
    }

    /// Runs `statement` with its `$n` values bound (`parameters.values`), as `execute(_:)` does.
    public func execute(_ statement: Statement, parameters: StatementParameters) async throws(SQLError)
        -> StatementResult
    {
        engine.parameters = parameters
        defer { engine.parameters = nil }
        return try await execute(statement)
    }
}
