/// A `WITH RECURSIVE` query's name while its own terms are bound: where a reference to it is allowed, and how
/// often the recursive term uses it.
final class RecursiveReference {
    enum State { case probe, nonRecursiveTerm, recursiveTerm }

    let name: Identifier
    let id: Int
    /// The binder's nesting level of the recursive term: a reference from deeper is inside a subquery.
    let nesting: Int
    var state: State
    var columns: [PlanColumn] = []
    var uses = 0

    init(name: Identifier, id: Int, nesting: Int, state: State) {
        self.name = name
        self.id = id
        self.nesting = nesting
        self.state = state
    }
}

/// State shared by every copy of a binder for one statement.
final class BindingState {
    var nextID = 0
    /// The system tables' view of the catalog, made when the statement first needs it.
    var catalogSnapshot: CatalogSnapshot?
}

/// Thrown by a probe when a CTE's body references the CTE itself.
struct SelfReference: Error {}

extension Binder {
    func recursionError(_ name: Identifier, _ what: String) -> SQLError {
        SQLError(SQLState("42P19"), "recursive reference to query \"\(name.original)\" must not appear \(what)")
    }

    /// A reference to a recursive query from inside its own definition.
    func bindRecursiveReference(_ reference: RecursiveReference, alias: TableAlias?) throws -> (LogicalPlan, Scope) {
        switch reference.state {
        case .probe:
            throw SelfReference()
        case .nonRecursiveTerm:
            throw recursionError(reference.name, "within its non-recursive term")
        case .recursiveTerm:
            if nesting != reference.nesting { throw recursionError(reference.name, "within a subquery") }
            reference.uses += 1
            if reference.uses > 1 { throw recursionError(reference.name, "more than once") }
            let plan = LogicalPlan(
                .workTable(name: reference.name.value, id: reference.id), columns: reference.columns)
            return try aliased(plan, table: reference.name.value, alias: alias)
        }
    }

    /// The recursive references whose recursive term is being bound, with their use counts.
    var activeRecursiveUses: [(RecursiveReference, Int)] {
        ctes.compactMap(\.recursive).filter { $0.state == .recursiveTerm }.map { ($0, $0.uses) }
    }

    /// Fails with PostgreSQL's 42P19 when binding one side of an outer join or INTERSECT/EXCEPT used the
    /// recursive reference (`before`: `activeRecursiveUses` before binding that side).
    func checkRecursiveUse(since before: [(RecursiveReference, Int)], _ what: String) throws {
        for (reference, uses) in before where reference.uses > uses {
            throw recursionError(reference.name, what)
        }
    }

    /// One CTE of a `WITH RECURSIVE` list: a plain CTE when its body does not reference itself, else the
    /// non-recursive term UNION [ALL] the recursive term over the work table.
    func bindRecursiveCTE(_ cte: CommonTableExpression) throws -> LogicalPlan {
        let id = state.nextID
        state.nextID += 1
        let probe = RecursiveReference(name: cte.name, id: id, nesting: nesting, state: .probe)
        var probing = self
        probing.ctes.append((cte.name, LogicalPlan(.values([]), columns: []), probe))
        do {
            return try probing.bindQuery(cte.query)
        } catch is SelfReference {
            // Recursive: bound below.
        }
        let name = cte.name.original
        guard case let .setOperation(operation) = cte.query.body, operation.op == .union,
            cte.query.orderBy.isEmpty, cte.query.limit == nil, cte.query.offset == nil, cte.query.with == nil
        else {
            throw SQLError(
                SQLState("42P19"),
                "recursive query \"\(name)\" does not have the form non-recursive-term UNION [ALL] recursive-term",
                position: cte.position.reported)
        }
        let reference = RecursiveReference(name: cte.name, id: id, nesting: nesting, state: .nonRecursiveTerm)
        var binder = self
        binder.ctes.append((cte.name, LogicalPlan(.values([]), columns: []), reference))
        var first = try binder.bindBody(operation.left)
        if !cte.columns.isEmpty {
            guard cte.columns.count <= first.columns.count else {
                throw SQLError(
                    .invalidColumnReference,
                    "WITH query \"\(name)\" has \(first.columns.count) columns available but \(cte.columns.count) columns specified",
                    position: cte.position.reported)
            }
            for (index, column) in cte.columns.enumerated() { first.columns[index].name = column.value }
        }
        reference.columns = first.columns
        reference.state = .recursiveTerm
        if case let .query(inner) = operation.right, !inner.orderBy.isEmpty {
            throw Binder.unsupported("ORDER BY in a recursive query", cte.position)
        }
        let recursive = try binder.bindBody(operation.right)
        guard recursive.columns.count == first.columns.count else {
            throw SQLError(
                .syntaxError, "each UNION query must have the same number of columns",
                position: operation.position.reported)
        }
        var types: [SQLType] = []
        for (index, (a, b)) in zip(first.columns, recursive.columns).enumerated() {
            let common = try Coercion.common([a.type, b.type], context: "UNION")
            guard common == a.type else {
                throw SQLError(
                    .datatypeMismatch,
                    "recursive query \"\(name)\" column \(index + 1) has type \(a.type) in non-recursive term but type \(common) overall",
                    position: cte.position.reported,
                    hint: "Cast the output of the non-recursive term to the correct type.")
            }
            types.append(common)
        }
        return LogicalPlan(
            .recursiveUnion(
                name: cte.name.value, first, try Binder.project(recursive, to: types), all: operation.all,
                workTable: id, limits: recursionLimits), columns: first.columns)
    }
}
