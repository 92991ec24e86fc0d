import Columnar

/// Pushes what a plan needs from each table into its scan: only the columns the operators above read
/// (projection), struct fields read only through field accesses as columns of their own (nested projection),
/// and the conjuncts of a filter directly above the scan as pruning hints (`ScanRequest.filters`).
///
/// Every node keeps its output columns at their positions: a scan that reads fewer columns is wrapped in a
/// projection that puts each read column back at its position and a typed NULL at each unread one. A struct
/// field read as a column of its own (when the provider supports it and the struct is not needed whole) is
/// appended after a node's columns; the nodes above read it there instead of the chain of field accesses
/// (`substitutingFieldPaths`), and joins and windows, whose outputs would put it elsewhere, are wrapped in a
/// projection that moves it back to the end. Node kinds this pass does not know are left as they are (their
/// inputs read every column).
extension LogicalPlan {
    /// This plan with projections, nested projections and filter hints pushed into its scans.
    public func pushingIntoScans() -> LogicalPlan {
        pushed(.everything, hints: []).trimmed(to: columns.count)
    }

    /// `demand`: what the parent reads of this node's output; `hints`: conjuncts over this node's output that a
    /// scan may use to skip data.
    private func pushed(_ demand: ScanDemand, hints: [BoundExpression]) -> Pushed {
        var copy = self
        switch node {
        case let .scan(table, columns, filters):
            return LogicalPlan.narrowScan(
                table: table, columns: columns, filters: filters + hints, demand: demand, output: self.columns)
        case let .filter(input, predicate):
            var needed = demand
            needed.read(predicate)
            let child = input.pushed(needed, hints: hints + predicate.conjuncts)
            copy.node = .filter(child.plan, predicate.substitutingFieldPaths(child.leaves))
            copy.columns = child.plan.columns
            return Pushed(copy, leaves: child.leaves)
        case let .project(input, expressions):
            return pushedProject(input, expressions, demand)
        case let .aggregate(input, groups, aggregates):
            var needed = ScanDemand()
            for group in groups { needed.read(group) }
            for aggregate in aggregates {
                // The arguments are rewritten; whatever else an aggregate holds is read whole.
                for part in Mirror(reflecting: aggregate).children {
                    if part.label == "arguments" {
                        for argument in aggregate.arguments { needed.read(argument) }
                    } else {
                        needed.readWhole(in: part.value)
                    }
                }
            }
            let child = input.pushed(needed, hints: [])
            copy.node = .aggregate(child.plan, groups: groups, aggregates: aggregates)
            return Pushed(copy.mapExpressions { $0.substitutingFieldPaths(child.leaves) })
        case let .sort(input, keys):
            var needed = demand
            for key in keys { needed.read(key.expression) }
            let child = input.pushed(needed, hints: hints)
            copy.node = .sort(child.plan, keys)
            copy.columns = child.plan.columns
            return Pushed(copy.mapExpressions { $0.substitutingFieldPaths(child.leaves) }, leaves: child.leaves)
        case let .window(input, functions):
            return pushedWindow(input, functions, demand)
        case let .distinctOn(input, keys):
            var needed = demand
            for key in keys { needed.read(key) }
            let child = input.pushed(needed, hints: [])
            copy.node = .distinctOn(child.plan, keys: keys)
            copy.columns = child.plan.columns
            return Pushed(copy.mapExpressions { $0.substitutingFieldPaths(child.leaves) }, leaves: child.leaves)
        case let .limitWithTies(input, limit, offset, keys):
            var needed = demand
            for key in keys { needed.read(key) }
            let child = input.pushed(needed, hints: [])
            copy.node = .limitWithTies(child.plan, limit: limit, offset: offset, keys: keys)
            copy.columns = child.plan.columns
            return Pushed(copy.mapExpressions { $0.substitutingFieldPaths(child.leaves) }, leaves: child.leaves)
        case let .tableFunction(input, calls, ordinality, leftJoin):
            // Output: the input's columns, then the calls'. The input's columns it passes on are read whole
            // (no field columns appended after them), as are the ones the calls and the join condition read.
            let width = input.columns.count
            var needed = ScanDemand()
            if demand.all {
                needed = .everything
            } else {
                needed.whole = demand.whole.union(demand.paths.map(\.column)).filter { $0 < width }
                needed.readWhole(in: calls)
                needed.readWhole(in: leftJoin as Any)
                needed.whole = needed.whole.filter { $0 < width }
            }
            copy.node = .tableFunction(
                input.pushed(needed, hints: []).trimmed(to: width), calls, ordinality: ordinality, leftJoin: leftJoin)
            return Pushed(copy)
        case let .limit(input, limit, offset):
            let child = input.pushed(demand, hints: [])
            copy.node = .limit(child.plan, limit: limit, offset: offset)
            copy.columns = child.plan.columns
            return Pushed(copy, leaves: child.leaves)
        case let .distinct(input):
            copy.node = .distinct(input.pushed(.everything, hints: []).trimmed(to: input.columns.count))
            return Pushed(copy)
        case let .setOperation(op, all, left, right):
            copy.node = .setOperation(
                op, all: all, left.pushed(.everything, hints: []).trimmed(to: left.columns.count),
                right.pushed(.everything, hints: []).trimmed(to: right.columns.count))
            return Pushed(copy)
        case let .join(left, right, kind, keys, residual):
            return pushedJoin(left, right, kind, keys, residual, demand)
        default:
            // Values, work tables, and the subquery nodes (semi/mark joins, apply, lateral, recursive union).
            return Pushed(self)
        }
    }

    private func pushedProject(_ input: LogicalPlan, _ expressions: [BoundExpression], _ demand: ScanDemand) -> Pushed {
        var needed = ScanDemand()
        var computed = expressions
        // An output read only through field accesses and itself a column or a chain of accesses is not
        // computed: the accesses are passed down and come back as columns appended after the outputs.
        var passed: [(above: FieldPath, below: BoundExpression)] = []
        for (index, expression) in expressions.enumerated() {
            let paths = demand.all || demand.whole.contains(index) ? [] : demand.paths.filter { $0.column == index }
            var below: [(FieldPath, BoundExpression)] = []
            if !paths.isEmpty, let base = expression.fieldPath ?? expression.columnPath {
                for path in paths.sorted() {
                    let through = FieldPath(column: base.column, fields: base.fields + path.fields)
                    guard let chain = BoundExpression.fieldChain(through, over: input.columns) else { break }
                    below.append((path, chain))
                }
            }
            guard !paths.isEmpty, below.count == paths.count else {
                needed.read(expression)
                continue
            }
            for (_, chain) in below { needed.read(chain) }
            passed += below.map { (above: $0.0, below: $0.1) }
            computed[index] = BoundExpression(.literal(.null), expression.type)
        }
        let child = input.pushed(needed, hints: [])
        var outputs = computed.map { $0.substitutingFieldPaths(child.leaves) }
        var columns = self.columns
        var leaves: [FieldPath: Int] = [:]
        for (above, below) in passed {
            leaves[above] = outputs.count
            let expression = below.substitutingFieldPaths(child.leaves)
            outputs.append(expression)
            columns.append(PlanColumn(below.description, expression.type))
        }
        return Pushed(LogicalPlan(.project(child.plan, outputs), columns: columns), leaves: leaves)
    }

    private func pushedWindow(_ input: LogicalPlan, _ functions: [BoundWindowFunction], _ demand: ScanDemand)
        -> Pushed
    {
        // Output: the input's columns, then one per function; filters above a window stay above it.
        let width = input.columns.count
        var needed = demand.slice(0..<width)
        for function in functions {
            for expression in function.expressions { needed.read(expression) }
            // What `expressions` does not list is read whole.
            for part in Mirror(reflecting: function).children {
                switch part.label {
                case "arguments", "filter": continue
                case "window":
                    for inner in Mirror(reflecting: function.window).children
                    where inner.label != "partitionBy" && inner.label != "orderBy" {
                        needed.readWhole(in: inner.value)
                    }
                default: needed.readWhole(in: part.value)
                }
            }
        }
        let child = input.pushed(needed, hints: [])
        let rewritten = functions.map { $0.mapExpressions { $0.substitutingFieldPaths(child.leaves) } }
        let window = LogicalPlan(
            .window(child.plan, rewritten), columns: child.plan.columns + columns[width...])
        if child.leaves.isEmpty { return Pushed(window) }
        // Move the field columns from between the input's columns and the functions' to the end.
        let count = child.leaves.count
        let order = Array(0..<width) + Array((width + count)..<window.columns.count) + Array(width..<(width + count))
        var leaves: [FieldPath: Int] = [:]
        for (path, at) in child.leaves { leaves[path] = at + functions.count }
        return Pushed(window.reordered(order), leaves: leaves)
    }

    private func pushedJoin(
        _ left: LogicalPlan, _ right: LogicalPlan, _ kind: JoinKind, _ keys: [(BoundExpression, BoundExpression)],
        _ residual: BoundExpression?, _ demand: ScanDemand
    ) -> Pushed {
        let width = left.columns.count
        var joined = demand
        if let residual { joined.read(residual) }
        var leftNeeded = joined.slice(0..<width)
        var rightNeeded = joined.slice(width..<(width + right.columns.count))
        for (leftKey, rightKey) in keys {
            leftNeeded.read(leftKey)
            rightNeeded.read(rightKey)
        }
        let l = left.pushed(leftNeeded, hints: [])
        let r = right.pushed(rightNeeded, hints: [])
        let leftCount = l.leaves.count
        let rightStart = width + leftCount
        // Over the joined row as the join outputs it: the left's columns and fields, the right's columns
        // and fields.
        var rowLeaves = l.leaves
        for (path, at) in r.leaves {
            rowLeaves[FieldPath(column: path.column + width, fields: path.fields)] = rightStart + at
        }
        let shift = { (column: Int) in column < width ? column : column + leftCount }
        let join = LogicalPlan(
            .join(
                l.plan, r.plan, kind: kind,
                equiKeys: keys.map { ($0.0.substitutingFieldPaths(l.leaves), $0.1.substitutingFieldPaths(r.leaves)) },
                residual: residual.map { $0.substitutingFieldPaths(rowLeaves, column: shift) }),
            columns: l.plan.columns + r.plan.columns)
        let rightWidth = right.columns.count
        var leaves: [FieldPath: Int] = [:]
        for (path, at) in l.leaves { leaves[path] = at + rightWidth }
        for (path, at) in r.leaves {
            leaves[FieldPath(column: path.column + width, fields: path.fields)] = width + leftCount + at
        }
        if leftCount == 0 { return Pushed(join, leaves: leaves) }
        // Move the left's field columns after the right's columns.
        let order =
            Array(0..<width) + Array(rightStart..<(rightStart + rightWidth)) + Array(width..<rightStart)
            + Array((rightStart + rightWidth)..<join.columns.count)
        return Pushed(join.reordered(order), leaves: leaves)
    }

    private static func narrowScan(
        table: any TableProvider, columns: [Int], filters: [BoundExpression], demand: ScanDemand,
        output: [PlanColumn]
    ) -> Pushed {
        var demand = demand
        for filter in filters { demand.read(filter) }
        let width = columns.count
        var whole = demand.all ? Set(columns.indices) : Set(demand.whole.filter { $0 < width })
        var paths: [FieldPath] = []
        var table = table
        if table.supportsFieldPaths {
            demand.whole = whole
            let candidates = demand.leafPaths(width: width)
            let inTable = candidates.map { FieldPath(column: columns[$0.column], fields: $0.fields) }
            if !candidates.isEmpty, let nested = FieldPathTable(base: table, paths: inTable) {
                paths = candidates
                table = nested
            }
        }
        // Without the provider's support, a path reads its column whole.
        let covered = Set(paths.map(\.column))
        for path in demand.paths where path.column < width && !covered.contains(path.column) {
            whole.insert(path.column)
        }
        if whole.isEmpty, paths.isEmpty, !columns.isEmpty {
            // A batch needs a column to carry its row count: read the cheapest one.
            whole = [cheapestColumn(output)]
        }
        let kept = whole.sorted()
        var position: [Int: Int] = [:]
        for (index, column) in kept.enumerated() { position[column] = index }
        var leaves: [FieldPath: Int] = [:]
        for (index, path) in paths.enumerated() { leaves[path] = width + index }
        let leafColumns = paths.indices.map { index in
            let field = table.schema.fields[table.schema.fields.count - paths.count + index]
            return PlanColumn(field.name, SQLType(field.type))
        }
        // Filters over the scan's output: its kept columns, then the fields.
        let remapped = filters.compactMap { filter -> BoundExpression? in
            filter.substitutingFieldPaths(leaves).remappingColumns {
                $0 < width ? position[$0] : kept.count + ($0 - width)
            }
        }
        let tableWidth = table.schema.fields.count - paths.count
        let scan = LogicalPlan(
            .scan(
                table: table, columns: kept.map { columns[$0] } + paths.indices.map { tableWidth + $0 },
                filters: remapped),
            columns: kept.map { output[$0] } + leafColumns)
        if kept.count == width, paths.isEmpty { return Pushed(scan) }
        var expressions = output.indices.map { index -> BoundExpression in
            if let at = position[index] { return BoundExpression(.column(at), output[index].type) }
            return BoundExpression(.literal(.null), output[index].type)
        }
        for (index, column) in leafColumns.enumerated() {
            expressions.append(BoundExpression(.column(kept.count + index), column.type))
        }
        return Pushed(LogicalPlan(.project(scan, expressions), columns: output + leafColumns), leaves: leaves)
    }

    private static func cheapestColumn(_ columns: [PlanColumn]) -> Int {
        func cost(_ type: SQLType) -> Int {
            switch type {
            case .boolean: return 1
            case .integer, .date, .real: return 4
            case .bigint, .double, .timestamp: return 8
            case .numeric: return 16
            case .text, .bytea, .unknown: return 32
            default: return 64
            }
        }
        return columns.indices.min { cost(columns[$0].type) < cost(columns[$1].type) } ?? 0
    }

    /// This plan's columns in `order` (a projection over it).
    private func reordered(_ order: [Int]) -> LogicalPlan {
        LogicalPlan(
            .project(self, order.map { BoundExpression(.column($0), columns[$0].type) }),
            columns: order.map { columns[$0] })
    }

    /// This plan without the field columns appended after its first `width` columns.
    fileprivate func trimmed(to width: Int) -> LogicalPlan {
        columns.count == width ? self : reordered(Array(0..<width))
    }
}

/// A plan rewritten for what its parent reads: its output is the original node's columns, then one column
/// per entry of `leaves` (a path over those columns and the position of its column).
private struct Pushed {
    var plan: LogicalPlan
    var leaves: [FieldPath: Int]

    init(_ plan: LogicalPlan, leaves: [FieldPath: Int] = [:]) {
        self.plan = plan
        self.leaves = leaves
    }

    func trimmed(to width: Int) -> LogicalPlan { plan.trimmed(to: width) }
}

extension BoundExpression {
    /// A plain column reference as a path without fields.
    fileprivate var columnPath: FieldPath? {
        if case let .column(index) = kind { return FieldPath(column: index, fields: []) }
        return nil
    }

    /// The input columns this expression reads.
    var columnReferences: Set<Int> {
        var out = Set<Int>()
        func visit(_ expression: BoundExpression) {
            if case let .column(index) = expression.kind { out.insert(index) }
            for child in expression.children { visit(child) }
        }
        visit(self)
        return out
    }

    /// The columns read by every bound expression inside `value` (found by reflection, so fields added to
    /// a value later are not missed).
    static func references(in value: Any) -> Set<Int> {
        if let expression = value as? BoundExpression { return expression.columnReferences }
        var out = Set<Int>()
        for child in Mirror(reflecting: value).children { out.formUnion(references(in: child.value)) }
        return out
    }

    /// The top-level AND's operands (flattened), or the expression itself.
    var conjuncts: [BoundExpression] {
        if case let .and(parts) = kind { return parts.flatMap(\.conjuncts) }
        return [self]
    }

    /// This expression with column `i` renamed to `map(i)`; nil when a column has no new position.
    func remappingColumns(_ map: (Int) -> Int?) -> BoundExpression? {
        if case let .column(index) = kind {
            guard let to = map(index) else { return nil }
            var copy = self
            copy.kind = .column(to)
            return copy
        }
        var failed = false
        let mapped = mapChildren { child in
            if failed { return child }
            guard let remapped = child.remappingColumns(map) else {
                failed = true
                return child
            }
            return remapped
        }
        return failed ? nil : mapped
    }
}
