import Foundation

/// Evaluates a resolved `Formula` over a report's metric columns, one node at a time over whole columns (no per-row
/// tree walk). Rows are in the report's row order; the totals row is evaluated beside them.
///
/// Semantics (CJA's calculated metric functions):
/// - Arithmetic per row and on the totals; `divide` by 0 is 0, as Adobe shows it. A result that is not a finite
///   number (`sqrt` of a negative, `log` of 0, an overflowing `pow` or `exp`) is 0 as well.
/// - `round` to the nearest whole number (halves away from 0), `ceil`, `floor`, `log` natural, `log10`.
/// - Comparisons (`eq`, `ne`, `gt`, `lt`, `ge`, `le`) are 1 or 0; `and`, `or`, `not` treat non-zero as true;
///   `if` takes `then` where `cond` is non-zero, else `else`.
/// - Column (table) functions give every row, and the totals row, one value over the report's rows (every page):
///   `col-sum`, `col-max`, `col-min` (0 without rows), `mean` (col-sum / rows), `median` (the middle row, or the
///   mean of the middle two), `count` (rows with a non-zero value).
/// - `percent-of-total`: the row's value over the column's total (the totals row's value of the operand, which
///   for sessions and people is the distinct count overall); 0 when the total is 0. On the totals row: 1.
/// - `cumul`: the running sum in row order (over the last `n` rows when `n` > 0); `cumul-avg` that sum over the
///   rows it spans. On the totals row: the column's sum, and its mean.
struct FormulaEvaluator {
    /// A column of a report: one value per row, in row order, and the totals row's value.
    struct Values: Sendable, Equatable {
        var rows: [Double]
        var total: Double
    }

    /// The data view metrics' columns by metric id; all have the same number of rows.
    let metrics: [String: Values]
    let rowCount: Int

    init(metrics: [String: Values], rowCount: Int) {
        self.metrics = metrics
        self.rowCount = rowCount
    }

    func evaluate(_ formula: Formula) -> Values {
        switch formula {
        case .metric(let id, _):
            return metrics[id] ?? Values(rows: Array(repeating: 0, count: rowCount), total: 0)
        case .number(let number):
            let value = Self.finite(number)
            return Values(rows: Array(repeating: value, count: rowCount), total: value)
        case .unary(let function, let operand):
            let input = evaluate(operand)
            let apply = { (x: Double) in Self.finite(Self.unary(function, x)) }
            return Values(rows: input.rows.map(apply), total: apply(input.total))
        case .binary(let function, let left, let right):
            let (x, y) = (evaluate(left), evaluate(right))
            let apply = { (a: Double, b: Double) in Self.finite(Self.binary(function, a, b)) }
            return Values(rows: zip(x.rows, y.rows).map(apply), total: apply(x.total, y.total))
        case .condition(let condition, let then, let otherwise):
            let (test, yes, no) = (evaluate(condition), evaluate(then), evaluate(otherwise))
            var rows = no.rows
            for index in rows.indices where test.rows[index] != 0 { rows[index] = yes.rows[index] }
            return Values(rows: rows, total: test.total != 0 ? yes.total : no.total)
        case .column(let function, let operand):
            return column(function, evaluate(operand))
        case .cumulative(let average, let window, let operand):
            return cumulative(evaluate(operand), average: average, window: window)
        }
    }

    private func column(_ function: Formula.Column, _ input: Values) -> Values {
        let value: Double
        switch function {
        case .colSum: value = input.rows.reduce(0, +)
        case .colMax: value = input.rows.max() ?? 0
        case .colMin: value = input.rows.min() ?? 0
        case .mean: value = input.rows.isEmpty ? 0 : input.rows.reduce(0, +) / Double(input.rows.count)
        case .median: value = Self.median(input.rows)
        case .count: value = Double(input.rows.count(where: { $0 != 0 }))
        case .percentOfTotal:
            guard input.total != 0 else { return Values(rows: input.rows.map { _ in 0 }, total: 0) }
            return Values(rows: input.rows.map { Self.finite($0 / input.total) }, total: 1)
        }
        let finite = Self.finite(value)
        return Values(rows: Array(repeating: finite, count: input.rows.count), total: finite)
    }

    private func cumulative(_ input: Values, average: Bool, window: Int) -> Values {
        var rows = [Double](repeating: 0, count: input.rows.count)
        var sum = 0.0
        for index in input.rows.indices {
            sum += input.rows[index]
            if window > 0, index >= window { sum -= input.rows[index - window] }
            let span = window > 0 ? min(index + 1, window) : index + 1
            rows[index] = Self.finite(average ? sum / Double(span) : sum)
        }
        let total = input.rows.reduce(0, +)
        let mean = input.rows.isEmpty ? 0 : total / Double(input.rows.count)
        return Values(rows: rows, total: Self.finite(average ? mean : total))
    }

    static func unary(_ function: Formula.Unary, _ x: Double) -> Double {
        switch function {
        case .negate: -x
        case .abs: Swift.abs(x)
        case .sqrt: x.squareRoot()
        case .round: x.rounded(.toNearestOrAwayFromZero)
        case .ceil: x.rounded(.up)
        case .floor: x.rounded(.down)
        case .log: Foundation.log(x)
        case .log10: Foundation.log10(x)
        case .exp: Foundation.exp(x)
        case .not: x == 0 ? 1 : 0
        }
    }

    static func binary(_ function: Formula.Binary, _ a: Double, _ b: Double) -> Double {
        switch function {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: b == 0 ? 0 : a / b
        case .pow: Foundation.pow(a, b)
        case .eq: a == b ? 1 : 0
        case .ne: a != b ? 1 : 0
        case .gt: a > b ? 1 : 0
        case .lt: a < b ? 1 : 0
        case .ge: a >= b ? 1 : 0
        case .le: a <= b ? 1 : 0
        case .and: a != 0 && b != 0 ? 1 : 0
        case .or: a != 0 || b != 0 ? 1 : 0
        }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }
}
