/// A calculated metric's formula as a typed tree, parsed from CJA's JSON (`FormulaValue`): function nodes
/// `{"func": "<id>", …}` with their operands in `col` (one), `col1`/`col2` (two) or `cond`/`then`/`else` (`if`),
/// metric leaves `{"func": "metric", "name": "metrics/<id>"}` and numbers (a JSON number or
/// `{"func": "number", "val": 2}`).
///
/// Row functions (`negate`, `abs`, `sqrt`, `round`, `ceil`, `floor`, `log` (natural), `log10`, `exp`, `pow`, the
/// arithmetic, comparisons and logic) act on each row; column (table) functions (`col-sum`, `col-max`, `col-min`,
/// `mean`, `median`, `count`, `percent-of-total`, `cumul`, `cumul-avg`) act over the report's rows; see
/// `FormulaEvaluator` for their semantics.
indirect enum Formula: Sendable, Hashable {
    case metric(String, path: String)
    case number(Double)
    case unary(Unary, Formula)
    case binary(Binary, Formula, Formula)
    case column(Column, Formula)
    /// `cumul` / `cumul-avg` over the last `rows` rows (0: every row so far).
    case cumulative(average: Bool, rows: Int, Formula)
    case condition(Formula, then: Formula, else: Formula)

    enum Unary: String, Sendable, CaseIterable {
        case negate, abs, sqrt, round, ceil, floor, log, log10, exp, not
    }

    enum Binary: String, Sendable, CaseIterable {
        case add, subtract, multiply, divide, pow, eq, ne, gt, lt, ge, le, and, or
    }

    enum Column: String, Sendable, CaseIterable {
        case colSum = "col-sum"
        case colMax = "col-max"
        case colMin = "col-min"
        case mean, median, count
        case percentOfTotal = "percent-of-total"
    }

    /// Deeper formulas are refused (a guard against runaway recursion).
    static let maximumDepth = 64

    /// Parses `value` at `path` (`definition.formula`); every error is `.invalid` naming the path of the node at
    /// fault.
    static func parse(_ value: FormulaValue, path: String, depth: Int = 0) throws(JourneyError) -> Formula {
        guard depth < maximumDepth else { throw .invalid(path, "the formula is nested more than 64 levels deep") }
        if case .number(let number) = value { return .number(number) }
        guard case .object = value else {
            throw .invalid(path, "expected a function object {\"func\": …} or a number")
        }
        guard case .string(let function) = value["func"] else {
            throw .invalid("\(path).func", "a formula node names its function in 'func'")
        }
        func operand(_ key: String) throws(JourneyError) -> Formula {
            guard let child = value[key] else { throw .invalid("\(path).\(key)", "'\(function)' needs '\(key)'") }
            return try parse(child, path: "\(path).\(key)", depth: depth + 1)
        }
        switch function {
        case "metric":
            guard case .string(let name) = value["name"], !name.isEmpty else {
                throw .invalid("\(path).name", "a metric leaf names its metric ('metrics/<id>')")
            }
            if let filters = value["filters"], filters != .null, filters != .array([]) {
                throw .invalid("\(path).filters", "metrics filtered by segments are not supported yet")
            }
            return .metric(CalculatedMetric.bareId(name), path: "\(path).name")
        case "number":
            guard case .number(let number) = value["val"] else {
                throw .invalid("\(path).val", "a number node has a numeric 'val'")
            }
            return .number(number)
        case "segment", "segment-filter":
            throw .invalid(path, "metrics filtered by segments are not supported yet")
        case "if":
            return .condition(try operand("cond"), then: try operand("then"), else: try operand("else"))
        case "cumul", "cumul-avg":
            var rows = 0
            if let n = value["n"] {
                guard case .number(let number) = n, number >= 0, number == number.rounded(), number < 1e9 else {
                    throw .invalid("\(path).n", "n is a whole number of rows >= 0 (0: every row)")
                }
                rows = Int(number)
            }
            return .cumulative(average: function == "cumul-avg", rows: rows, try operand("col"))
        default:
            if let unary = Unary(rawValue: function) { return .unary(unary, try operand("col")) }
            if let binary = Binary(rawValue: function) {
                return .binary(binary, try operand("col1"), try operand("col2"))
            }
            if let column = Column(rawValue: function) { return .column(column, try operand("col")) }
            throw .invalid("\(path).func", "unknown function '\(function)'")
        }
    }

    /// The formula with every calculated metric leaf replaced by that metric's formula (`calculated`, by id), so
    /// that only data view metrics remain; a leaf naming neither is `.invalid` at its path, a calculated metric that
    /// refers back to itself (directly or not) is `.invalid` naming the cycle.
    func resolved(dataView: DataView, calculated: [String: CalculatedMetric], visiting: [String] = [])
        throws(JourneyError) -> Formula
    {
        func resolve(_ formula: Formula) throws(JourneyError) -> Formula {
            try formula.resolved(dataView: dataView, calculated: calculated, visiting: visiting)
        }
        switch self {
        case .metric(let id, let path):
            if let metric = dataView.metric(id) { return .metric(metric.id, path: path) }
            guard let nested = calculated[id] else {
                throw .invalid(path, "'\(id)' is not a metric of data view '\(dataView.id)' nor a calculated metric")
            }
            guard !visiting.contains(id) else {
                throw .invalid(
                    path,
                    "calculated metrics refer to each other in a cycle: "
                        + (visiting + [id]).joined(separator: " -> "))
            }
            let formula = try Formula.parse(nested.definition.formula, path: "\(id).definition.formula")
            return try formula.resolved(dataView: dataView, calculated: calculated, visiting: visiting + [id])
        case .number: return self
        case .unary(let function, let operand): return .unary(function, try resolve(operand))
        case .binary(let function, let left, let right):
            return .binary(function, try resolve(left), try resolve(right))
        case .column(let function, let operand): return .column(function, try resolve(operand))
        case .cumulative(let average, let rows, let operand):
            return .cumulative(average: average, rows: rows, try resolve(operand))
        case .condition(let condition, let then, let otherwise):
            return .condition(try resolve(condition), then: try resolve(then), else: try resolve(otherwise))
        }
    }

    /// The data view metric ids the formula reads, in first-use order.
    var metricIds: [String] {
        var ids: [String] = []
        visit { if case .metric(let id, _) = $0, !ids.contains(id) { ids.append(id) } }
        return ids
    }

    /// Whether a value depends on the rows' order (`cumul`, `cumul-avg`).
    var dependsOnRowOrder: Bool {
        var found = false
        visit { if case .cumulative = $0 { found = true } }
        return found
    }

    private func visit(_ body: (Formula) -> Void) {
        body(self)
        switch self {
        case .metric, .number: break
        case .unary(_, let operand), .column(_, let operand), .cumulative(_, _, let operand): operand.visit(body)
        case .binary(_, let left, let right):
            left.visit(body)
            right.visit(body)
        case .condition(let condition, let then, let otherwise):
            condition.visit(body)
            then.visit(body)
            otherwise.visit(body)
        }
    }
}
