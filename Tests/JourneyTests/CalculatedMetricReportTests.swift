import Foundation
import Journey
import Testing

/// Reports with calculated metric columns end to end on a small lake: revenue per order, a conversion rate,
/// sorting by a calculated column, cumulative values in the report's row order across pages, and refusals.
///
/// Per channel: email revenue 40, orders 2, sessions 1; search 20, 1, 2; display 0, 0, 1 (totals 60, 3, 4).
struct CalculatedMetricReportTests {
    typealias Event = JourneyFixture.Event

    static var dataView: DataView {
        var view = JourneyFixture.dataView()
        view.metrics.append(MetricComponent(id: "orders", name: "Orders", kind: .count(field: "revenue")))
        return view
    }

    static func metric(_ id: String, _ json: String, type: CalculatedMetric.Kind = .decimal) throws -> CalculatedMetric
    {
        CalculatedMetric(
            id: id, name: id, dataId: "dv_test", type: type,
            definition: CalculatedMetricDefinition(
                formula: try JSONDecoder().decode(FormulaValue.self, from: Data(json.utf8))))
    }

    static func leaf(_ id: String) -> String { #"{"func": "metric", "name": "metrics/\#(id)"}"# }

    static func calculated() throws -> [CalculatedMetric] {
        [
            try metric("cm_aov", #"{"func": "divide", "col1": \#(leaf("revenue")), "col2": \#(leaf("orders"))}"#),
            try metric(
                "cm_conversion", #"{"func": "divide", "col1": \#(leaf("orders")), "col2": \#(leaf("sessions"))}"#,
                type: .percent),
            try metric("cm_running_sessions", #"{"func": "cumul", "col": \#(leaf("sessions"))}"#),
            try metric("cm_share", #"{"func": "percent-of-total", "col": \#(leaf("cm_aov"))}"#),
        ]
    }

    func run(
        _ metrics: [String], settings: ReportSettings = ReportSettings(limit: 100), filters: [String: [String]] = [:],
        metricFilters: [MetricFilter]? = nil
    ) async throws
        -> ReportResponse
    {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email", revenue: 30),
            Event(ecid: "d1", minute: 5, channel: "email", revenue: 10),
            Event(ecid: "d2", minute: 0, channel: "search", revenue: 20),
            Event(ecid: "d3", minute: 0, channel: "search"),
            Event(ecid: "d4", minute: 0, channel: "display"),
        ])
        var request = JourneyFixture.request([])
        request.metricContainer.metrics = metrics.map { ReportMetric(columnId: $0, id: $0, filters: filters[$0]) }
        request.metricContainer.metricFilters = metricFilters
        request.settings = settings
        return try await fixture.engine.run(
            request, dataView: Self.dataView, connection: JourneyFixture.connection(stitching: false),
            calculatedMetrics: try Self.calculated())
    }

    static func rows(_ response: ReportResponse) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) })
    }

    @Test func revenuePerOrderAndAConversionRateArePerRowAndOnTheTotals() async throws {
        let response = try await run(["metrics/sessions", "cm_aov", "metrics/cm_conversion"])
        #expect(response.columns.columnIds == ["metrics/sessions", "cm_aov", "metrics/cm_conversion"])
        #expect(Self.rows(response) == ["search": [2, 20, 0.5], "email": [1, 20, 2], "display": [1, 0, 0]])
        // The totals evaluate the formula on the metrics' totals: 60 / 3 and 3 / 4.
        #expect(response.summaryData.totals == [4, 20, 0.75])
        // Rows by the first column (sessions), ties by value.
        #expect(response.rows.map(\.value) == ["search", "display", "email"])
    }

    @Test func rowsSortByACalculatedFirstColumn() async throws {
        let response = try await run(["cm_conversion", "metrics/revenue"])
        #expect(response.rows.map(\.value) == ["email", "search", "display"])
        #expect(response.rows.map(\.data) == [[2, 40], [0.5, 20], [0, 0]])
    }

    @Test func cumulativeRunsInTheReportsRowOrderAcrossPages() async throws {
        let byMetric = try await run(["metrics/sessions", "cm_running_sessions"])
        #expect(byMetric.rows.map(\.value) == ["search", "display", "email"])
        #expect(byMetric.rows.map { $0.data[1] } == [2, 3, 4])
        #expect(byMetric.summaryData.totals == [4, 4])
        let byName = try await run(
            ["metrics/sessions", "cm_running_sessions"], settings: ReportSettings(limit: 100, dimensionSort: "asc"))
        #expect(byName.rows.map { $0.data[1] } == [1, 2, 4])
        let secondPage = try await run(
            ["metrics/sessions", "cm_running_sessions"], settings: ReportSettings(limit: 1, page: 1))
        #expect(secondPage.rows.map(\.value) == ["display"])
        #expect(secondPage.rows.map(\.data) == [[1, 3]])
    }

    @Test func nestedCalculatedMetricsAndPercentOfTotal() async throws {
        let response = try await run(["metrics/revenue", "cm_share"])
        // cm_aov per row (20, 20, 0) over its total (20).
        #expect(Self.rows(response) == ["email": [40, 1], "search": [20, 1], "display": [0, 0]])
        #expect(response.summaryData.totals == [60, 1])
    }

    @Test func formulasReadUnfilteredMetricsBesideAFilteredColumn() async throws {
        let firstMinute = MetricFilter(id: "f", type: "dateRange", dateRange: "2026-01-01T00:00:00/2026-01-01T00:01:00")
        let response = try await run(
            ["metrics/revenue", "cm_aov"], filters: ["metrics/revenue": ["f"]], metricFilters: [firstMinute])
        // Revenue in the first minute only; revenue per order over the whole window.
        #expect(Self.rows(response) == ["email": [30, 20], "search": [20, 20], "display": [0, 0]])
    }

    @Test func refusals() async throws {
        await #expect(throws: JourneyError.invalid("metricContainer.metrics[1]", "unknown metric 'cm_nope'")) {
            _ = try await run(["cm_aov", "cm_nope"])
        }
        let error = await #expect(throws: JourneyError.self) { _ = try await run(["cm_running_sessions"]) }
        #expect(error?.field == "metricContainer.metrics[0]")
        #expect(error?.message.contains("depends on the row order") == true)
    }
}
