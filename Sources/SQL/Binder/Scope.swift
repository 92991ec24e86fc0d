import Columnar

/// A column visible to name resolution.
struct ScopeColumn {
    /// The table (alias or name) that qualifies it, nil for a USING join's merged column.
    var table: String?
    var name: String
    var type: SQLType
    /// False for a USING column's per-side copies: reachable only qualified (`a.k`), since `k` is the merged one.
    var unqualifiedVisible = true
    /// A system catalog's `reg*` column (`pg_type.typinput` is `regproc`): references to it are marked as such.
    var objectIdentifier: ObjectIdentifierKind?
}

/// The columns of a FROM clause (or of a subquery's output), in the order of the plan's columns.
struct Scope {
    var columns: [ScopeColumn] = []
    /// Columns `SELECT *` expands to, in order.
    var starOrder: [Int] = []

    static let empty = Scope()

    init() {}

    init(table: String?, columns: [PlanColumn]) {
        self.columns = columns.map { ScopeColumn(table: table, name: $0.name, type: $0.type) }
        self.starOrder = Array(columns.indices)
    }

    func displayName(_ index: Int) -> String {
        let column = columns[index]
        if let table = column.table { return table + "." + column.name }
        return column.name
    }

    /// Resolves a name chain to a column and then struct fields (`t.col.field`, `col.field.field`).
    func resolve(_ names: [Identifier], at position: SourcePosition) throws -> BoundExpression {
        guard let first = names.first else { throw SQLError(.syntaxError, "empty column name") }
        let qualified = names.count >= 2 && columns.contains { $0.table.map { NameMatch.matches(first, $0) } ?? false }
        if qualified {
            let candidates = columns.indices.filter { index in
                guard let table = columns[index].table else { return false }
                return NameMatch.matches(first, table)
            }
            let index = try pick(
                names[1], among: candidates, display: "\(first.original).\(names[1].original)", at: position)
            return try fields(Array(names.dropFirst(2)), of: column(index, at: position), at: position)
        }
        let candidates = columns.indices.filter { columns[$0].unqualifiedVisible }
        let index = try pick(first, among: candidates, display: first.original, at: position)
        return try fields(Array(names.dropFirst()), of: column(index, at: position), at: position)
    }

    private func column(_ index: Int, at position: SourcePosition) -> BoundExpression {
        let value = BoundExpression(.column(index), columns[index].type, at: position)
        guard let kind = columns[index].objectIdentifier else { return value }
        return BoundExpression(.function(.catalog(.objectIdentifier(kind)), [value]), .bigint, at: position)
    }

    private func pick(_ name: Identifier, among candidates: [Int], display: String, at position: SourcePosition) throws
        -> Int
    {
        switch NameMatch.match(name, in: candidates.map { columns[$0].name }) {
        case let .found(offset):
            // Two tables with a same-named column are ambiguous even when spelled alike.
            let same = candidates.filter { columns[$0].name == columns[candidates[offset]].name }
            if same.count > 1 {
                throw SQLError(
                    .ambiguousColumn, "column reference \"\(display)\" is ambiguous", position: position.reported)
            }
            return candidates[offset]
        case .ambiguous:
            throw SQLError(
                .ambiguousColumn, "column reference \"\(display)\" is ambiguous", position: position.reported)
        case .notFound:
            throw SQLError(.undefinedColumn, "column \"\(display)\" does not exist", position: position.reported)
        }
    }

    /// Struct field access down a chain of names.
    func fields(_ names: [Identifier], of base: BoundExpression, at position: SourcePosition) throws
        -> BoundExpression
    {
        var current = base
        for name in names {
            guard case let .record(fields) = current.type else {
                throw SQLError(
                    .undefinedColumn,
                    "column notation .\(name.original) applied to type \(current.type), which is not a composite type",
                    position: position.reported)
            }
            switch NameMatch.match(name, in: fields.map(\.name)) {
            case let .found(index):
                current = BoundExpression(.field(current, index), SQLType(field: fields[index]), at: position)
            case .ambiguous:
                throw SQLError(.ambiguousColumn, "field \"\(name.original)\" is ambiguous", position: position.reported)
            case .notFound:
                throw SQLError(
                    .undefinedColumn, "column \"\(name.original)\" not found in data type record",
                    position: position.reported)
            }
        }
        return current
    }
}
