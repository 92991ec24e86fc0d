import Foundation
import Testing

@testable import Journey

/// Parsing CJA's formula JSON and resolving its metric leaves: errors name the path of the node at fault.
struct FormulaTests {
    static func value(_ json: String) throws -> FormulaValue {
        try JSONDecoder().decode(FormulaValue.self, from: Data(json.utf8))
    }

    static let dataView = DataView(
        id: "dv_test", name: "test", parentDataGroupId: "dg_test",
        metrics: [
            MetricComponent(id: "revenue", name: "Revenue", kind: .sum(field: "revenue")),
            MetricComponent(id: "orders", name: "Orders", kind: .count(field: "revenue")),
        ])

    static func calculated(_ id: String, _ json: String) throws -> CalculatedMetric {
        CalculatedMetric(
            id: id, name: id, dataId: "dv_test", definition: CalculatedMetricDefinition(formula: try value(json)))
    }

    @Test(arguments: [
        (#"{"func": "divide", "col1": 1}"#, "formula.col2", "'divide' needs 'col2'"),
        (#"{"func": "divide", "col1": 1, "col2": {"func": "nope"}}"#, "formula.col2.func", "unknown function 'nope'"),
        (#"{"col": 1}"#, "formula.func", "a formula node names its function in 'func'"),
        (#""text""#, "formula", "expected a function object {\"func\": …} or a number"),
        (#"{"func": "metric"}"#, "formula.name", "a metric leaf names its metric ('metrics/<id>')"),
        (
            #"{"func": "abs", "col": {"func": "segment", "segment_id": "s1"}}"#, "formula.col",
            "metrics filtered by segments are not supported yet"
        ),
        (
            #"{"func": "metric", "name": "metrics/revenue", "filters": ["s1"]}"#, "formula.filters",
            "metrics filtered by segments are not supported yet"
        ),
        (#"{"func": "cumul", "n": -1, "col": 1}"#, "formula.n", "n is a whole number of rows >= 0 (0: every row)"),
    ])
    func malformedFormulasNameTheirPath(json: String, field: String, message: String) throws {
        #expect(throws: JourneyError.invalid(field, message)) {
            _ = try Formula.parse(try Self.value(json), path: "formula")
        }
    }

    @Test func unknownMetricsNameTheLeafsPath() throws {
        let formula = try Formula.parse(
            try Self.value(#"{"func": "divide", "col1": 1, "col2": {"func": "metric", "name": "metrics/nope"}}"#),
            path: "definition.formula")
        #expect(
            throws: JourneyError.invalid(
                "definition.formula.col2.name", "'nope' is not a metric of data view 'dv_test' nor a calculated metric")
        ) {
            _ = try formula.resolved(dataView: Self.dataView, calculated: [:])
        }
    }

    @Test func calculatedMetricLeavesAreInlinedAndCyclesRefused() throws {
        let perOrder = try Self.calculated(
            "cm_aov",
            #"{"func": "divide", "col1": {"func": "metric", "name": "metrics/revenue"}, "col2": {"func": "metric", "name": "metrics/orders"}}"#
        )
        let doubled = try Formula.parse(
            try Self.value(#"{"func": "multiply", "col1": 2, "col2": {"func": "metric", "name": "cm_aov"}}"#),
            path: "f")
        let resolved = try doubled.resolved(dataView: Self.dataView, calculated: ["cm_aov": perOrder])
        #expect(resolved.metricIds == ["revenue", "orders"])

        let a = try Self.calculated("cm_a", #"{"func": "abs", "col": {"func": "metric", "name": "metrics/cm_b"}}"#)
        let b = try Self.calculated("cm_b", #"{"func": "abs", "col": {"func": "metric", "name": "cm_a"}}"#)
        let error = #expect(throws: JourneyError.self) {
            try JourneyValidator.validate(a, dataView: Self.dataView, calculated: [a, b])
        }
        #expect(error?.field == "cm_b.definition.formula.col.name")
        #expect(error?.message.contains("cm_a -> cm_b -> cm_a") == true)
    }

    @Test func aCalculatedMetricIsCheckedAgainstItsDataView() throws {
        var metric = try Self.calculated("cm_x", #"{"func": "metric", "name": "metrics/revenue"}"#)
        try JourneyValidator.validate(metric, dataView: Self.dataView, calculated: [])
        #expect(throws: JourneyError.invalid("dataId", "data view 'dv_test' does not exist in this sandbox")) {
            try JourneyValidator.validate(metric, dataView: nil, calculated: [])
        }
        metric.precision = 11
        #expect(throws: JourneyError.invalid("precision", "precision is 0 to 10 decimal places, not 11")) {
            try JourneyValidator.validate(metric, dataView: Self.dataView, calculated: [])
        }
    }

    @Test func theDefinitionRoundTripsAsCJAsJSON() throws {
        let json =
            #"{"func":"calc-metric","version":[1,0,0],"formula":{"func":"divide","col1":{"func":"metric","name":"metrics/revenue","description":"Revenue"},"col2":2}}"#
        let definition = try JSONDecoder().decode(CalculatedMetricDefinition.self, from: Data(json.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONDecoder().decode(
            CalculatedMetricDefinition.self, from: try encoder.encode(definition))
        #expect(again == definition)
        #expect(definition.formula["col1"]?["description"] == .string("Revenue"))
    }
}
