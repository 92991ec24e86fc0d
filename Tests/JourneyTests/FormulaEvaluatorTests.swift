import Foundation
import Testing

@testable import Journey

/// Each calculated metric function over a three-row report: revenue 30, 0, 10 (total 40), orders 3, 0, 2 (total 5),
/// sessions 10, 4, 5 (total 17: a distinct count, less than the rows' sum).
struct FormulaEvaluatorTests {
    typealias Values = FormulaEvaluator.Values

    static let evaluator = FormulaEvaluator(
        metrics: [
            "revenue": .init(rows: [30, 0, 10], total: 40), "orders": .init(rows: [3, 0, 2], total: 5),
            "sessions": .init(rows: [10, 4, 5], total: 17),
        ], rowCount: 3)

    /// The formula written as CJA's JSON, parsed and evaluated.
    static func evaluate(_ json: String) throws -> FormulaEvaluator.Values {
        let value = try JSONDecoder().decode(FormulaValue.self, from: Data(json.utf8))
        return evaluator.evaluate(try Formula.parse(value, path: "formula"))
    }

    static func metric(_ id: String) -> String { #"{"func": "metric", "name": "metrics/\#(id)"}"# }

    static func call(_ function: String, _ operand: String) -> String {
        #"{"func": "\#(function)", "col": \#(operand)}"#
    }

    static func call(_ function: String, _ left: String, _ right: String) -> String {
        #"{"func": "\#(function)", "col1": \#(left), "col2": \#(right)}"#
    }

    @Test func divisionIsPerRowAndOnTheTotalsAndByZeroIsZero() throws {
        let perOrder = try Self.evaluate(Self.call("divide", Self.metric("revenue"), Self.metric("orders")))
        #expect(perOrder == Values(rows: [10, 0, 5], total: 8))
        let byZero = try Self.evaluate(Self.call("divide", "1", Self.call("subtract", "2", "2")))
        #expect(byZero == Values(rows: [0, 0, 0], total: 0))
    }

    @Test(arguments: [
        ("add", [33.0, 0, 12], 45.0), ("subtract", [27, 0, 8], 35), ("multiply", [90, 0, 20], 200),
        ("pow", [27_000, 1, 100], 102_400_000),
    ])
    func arithmetic(function: String, rows: [Double], total: Double) throws {
        let result = try Self.evaluate(Self.call(function, Self.metric("revenue"), Self.metric("orders")))
        #expect(result == Values(rows: rows, total: total))
    }

    @Test func rowFunctions() throws {
        let minusTen = Self.call("subtract", Self.metric("orders"), "2.5")  // 0.5, -2.5, -0.5; total 2.5
        #expect(try Self.evaluate(Self.call("negate", minusTen)) == Values(rows: [-0.5, 2.5, 0.5], total: -2.5))
        #expect(try Self.evaluate(Self.call("abs", minusTen)) == Values(rows: [0.5, 2.5, 0.5], total: 2.5))
        #expect(try Self.evaluate(Self.call("round", minusTen)) == Values(rows: [1, -3, -1], total: 3))
        #expect(try Self.evaluate(Self.call("ceil", minusTen)) == Values(rows: [1, -2, -0], total: 3))
        #expect(try Self.evaluate(Self.call("floor", minusTen)) == Values(rows: [0, -3, -1], total: 2))
        #expect(try Self.evaluate(Self.call("sqrt", Self.metric("revenue"))).rows[2] == (10 as Double).squareRoot())
        // Not a finite number (sqrt of a negative, log of 0): 0.
        #expect(try Self.evaluate(Self.call("sqrt", minusTen)).rows == [(0.5 as Double).squareRoot(), 0, 0])
        #expect(try Self.evaluate(Self.call("log", Self.metric("orders"))).rows == [log(3), 0, log(2)])
        #expect(try Self.evaluate(Self.call("log10", "100")).total == 2)
        #expect(try Self.evaluate(Self.call("exp", "0")).rows == [1, 1, 1])
        #expect(try Self.evaluate(#"{"func": "number", "val": 4}"#) == Values(rows: [4, 4, 4], total: 4))
    }

    @Test func columnFunctionsGiveEveryRowAndTheTotalOneValue() throws {
        let revenue = Self.metric("revenue")
        #expect(try Self.evaluate(Self.call("col-sum", revenue)) == Values(rows: [40, 40, 40], total: 40))
        #expect(try Self.evaluate(Self.call("col-max", revenue)) == Values(rows: [30, 30, 30], total: 30))
        #expect(try Self.evaluate(Self.call("col-min", revenue)) == Values(rows: [0, 0, 0], total: 0))
        #expect(try Self.evaluate(Self.call("mean", revenue)).total == 40.0 / 3)
        #expect(try Self.evaluate(Self.call("median", revenue)) == Values(rows: [10, 10, 10], total: 10))
        #expect(try Self.evaluate(Self.call("count", revenue)) == Values(rows: [2, 2, 2], total: 2))
        #expect(FormulaEvaluator.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func percentOfTotalDividesByTheColumnsTotal() throws {
        let share = try Self.evaluate(Self.call("percent-of-total", Self.metric("sessions")))
        // Over the distinct sessions overall (17), not the rows' sum (19).
        let shares: [Double] = [10.0 / 17, 4.0 / 17, 5.0 / 17]
        #expect(share == Values(rows: shares, total: 1))
        let none = try Self.evaluate(Self.call("percent-of-total", Self.call("multiply", Self.metric("orders"), "0")))
        #expect(none == Values(rows: [0, 0, 0], total: 0))
    }

    @Test func cumulativeFunctionsRunInRowOrder() throws {
        #expect(try Self.evaluate(Self.call("cumul", Self.metric("revenue"))) == Values(rows: [30, 30, 40], total: 40))
        let average = try Self.evaluate(Self.call("cumul-avg", Self.metric("revenue")))
        #expect(average == Values(rows: [30, 15, 40.0 / 3], total: 40.0 / 3))
        let lastTwo = try Self.evaluate(#"{"func": "cumul", "n": 2, "col": \#(Self.metric("sessions"))}"#)
        #expect(lastTwo.rows == [10, 14, 9])
    }

    @Test func conditionsAndComparisons() throws {
        let revenue = Self.metric("revenue")
        let bigOrders =
            #"{"func": "if", "cond": \#(Self.call("gt", revenue, "5")), "then": \#(Self.metric("orders")), "else": -1}"#
        #expect(try Self.evaluate(bigOrders) == Values(rows: [3, -1, 2], total: 5))
        let expected: [(String, [Double])] = [
            ("eq", [0, 0, 1]), ("ne", [1, 1, 0]), ("gt", [1, 0, 0]), ("lt", [0, 1, 0]), ("ge", [1, 0, 1]),
            ("le", [0, 1, 1]),
        ]
        for (function, rows) in expected {
            #expect(try Self.evaluate(Self.call(function, revenue, "10")).rows == rows, "\(function)")
        }
        #expect(try Self.evaluate(Self.call("and", revenue, Self.metric("orders"))).rows == [1, 0, 1])
        #expect(try Self.evaluate(Self.call("or", revenue, "0")).rows == [1, 0, 1])
        #expect(try Self.evaluate(Self.call("not", revenue)).rows == [0, 1, 0])
    }
}
