import Columnar

extension LogicalPlan {
    /// The plan as indented text, one operator per line (`EXPLAIN`).
    public var explain: String {
        var lines: [String] = []
        explain(into: &lines, depth: 0)
        return lines.joined(separator: "\n")
    }

    func explain(into lines: inout [String], depth: Int) {
        let indent = String(repeating: "  ", count: depth) + (depth > 0 ? "-> " : "")
        let nodeLine = lines.count
        defer { explainSubplans(into: &lines, at: nodeLine + 1, depth: depth) }
        func list(_ expressions: [BoundExpression]) -> String { expressions.map(\.description).joined(separator: ", ") }
        switch node {
        case let .scan(table, columns, filters):
            let names = columns.map { table.schema.fields[$0].name }.joined(separator: ", ")
            var line = "\(indent)Scan \(table.name) [\(names)]"
            if !filters.isEmpty { line += " filters: \(list(filters))" }
            lines.append(line)
        case let .values(rows):
            lines.append("\(indent)Values (\(rows.count) rows)")
        case let .tableFunction(input, calls, ordinality, leftJoin):
            let text = calls.map(\.description).joined(separator: ", ")
            lines.append(
                "\(indent)TableFunction \(text)" + (ordinality ? " WITH ORDINALITY" : "")
                    + (leftJoin.map { " LEFT JOIN ON \($0)" } ?? ""))
            input.explain(into: &lines, depth: depth + 1)
        case let .filter(input, predicate):
            lines.append("\(indent)Filter \(predicate)")
            input.explain(into: &lines, depth: depth + 1)
        case let .project(input, expressions):
            lines.append("\(indent)Project \(list(expressions))")
            input.explain(into: &lines, depth: depth + 1)
        case let .aggregate(input, groups, aggregates):
            let aggs = aggregates.map(\.explainText)
            lines.append(
                "\(indent)HashAggregate groups: [\(list(groups))] aggregates: [\(aggs.joined(separator: ", "))]")
            explainInput(input, into: &lines, depth: depth + 1)
        case let .distinct(input):
            lines.append("\(indent)Distinct")
            explainInput(input, into: &lines, depth: depth + 1)
        case let .sort(input, keys):
            let text = keys.map {
                "\($0.expression)\($0.descending ? " DESC" : "")\($0.nullsFirst ? " NULLS FIRST" : " NULLS LAST")"
            }
            lines.append("\(indent)Sort \(text.joined(separator: ", "))")
            input.explain(into: &lines, depth: depth + 1)
        case let .limit(input, limit, offset):
            lines.append("\(indent)Limit \(limit.map(String.init) ?? "ALL") offset \(offset)")
            input.explain(into: &lines, depth: depth + 1)
        case let .distinctOn(input, keys):
            lines.append("\(indent)Unique on [\(list(keys))]")
            input.explain(into: &lines, depth: depth + 1)
        case let .limitWithTies(input, limit, offset, keys):
            lines.append("\(indent)Limit \(limit) offset \(offset) with ties on [\(list(keys))]")
            input.explain(into: &lines, depth: depth + 1)
        case let .join(left, right, kind, keys, residual):
            let method = kind == .asOf || kind == .asOfLeft ? "" : keys.isEmpty ? "NestedLoop" : "Hash"
            var line = "\(indent)\(method)Join \(kind.rawValue)"
            if !keys.isEmpty { line += " keys: " + keys.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") }
            if let residual { line += " filter: \(residual)" }
            lines.append(line)
            left.explain(into: &lines, depth: depth + 1)
            right.explain(into: &lines, depth: depth + 1)
        case let .window(input, functions):
            explainWindow(input, functions, into: &lines, depth: depth, indent: indent)
        case let .setOperation(op, all, left, right):
            lines.append("\(indent)\(op.rawValue)\(all ? " ALL" : "")")
            left.explain(into: &lines, depth: depth + 1)
            right.explain(into: &lines, depth: depth + 1)
        case .semiJoin, .apply, .lateralJoin, .recursiveUnion, .workTable:
            lines.append(indent + explainSubqueryNode)
            for input in inputs { input.explain(into: &lines, depth: depth + 1) }
        }
    }
}
