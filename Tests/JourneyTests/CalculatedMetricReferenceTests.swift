import Foundation
import Journey
import OutflowTestSupport
import Testing

/// A calculated metric on the demo data equals its plain SQL formulation (`Reference/revenue_per_session.sql`) run
/// by DuckDB over the same Parquet files.
@Suite(.serialized) struct CalculatedMetricReferenceTests {
    static var dataView: DataView {
        DataView(
            id: "dv_demo", name: "demo", parentDataGroupId: "dg_demo",
            dimensions: [DimensionComponent(id: "marketing_channel", name: "Channel", field: "marketing.channel")],
            metrics: [
                MetricComponent(id: "sessions", name: "Sessions", kind: .sessions),
                MetricComponent(id: "revenue", name: "Revenue", kind: .sum(field: "commerce.order.priceTotal")),
            ])
    }

    static let revenuePerSession = CalculatedMetric(
        id: "cm_revenue_per_session", name: "Revenue per session", dataId: "dv_demo", type: .currency, precision: 2,
        definition: CalculatedMetricDefinition(
            formula: .object([
                "func": .string("divide"),
                "col1": .object(["func": .string("metric"), "name": .string("metrics/revenue")]),
                "col2": .object(["func": .string("metric"), "name": .string("metrics/sessions")]),
            ])))

    @Test func revenuePerSessionByMarketingChannelEqualsDuckDB() async throws {
        let demo = try await ReferenceTests.DemoLake()
        let request = ReportRequest(
            dataId: "dv_demo",
            metricContainer: MetricContainer(metrics: [ReportMetric(columnId: "rps", id: "cm_revenue_per_session")]),
            dimension: "variables/marketing_channel", settings: ReportSettings(limit: 10_000))
        let response = try await demo.engine.run(
            request, dataView: Self.dataView, connection: ReferenceTests.connection(stitched: true),
            calculatedMetrics: [Self.revenuePerSession])
        var outflow: [String: Double] = ["__total__": response.summaryData.totals[0]]
        for row in response.rows { outflow[row.value] = row.data[0] }

        let query: [String: Any] = [
            "dataDirectory": demo.directory.path, "datasetId": demo.datasetId,
            "views": ["stitched": ["replay_days": "7", "timeout_minutes": "30", "person": "stitched_id"]],
            "queries": [
                ["view": "stitched", "file": "revenue_per_session.sql", "params": ["dimension": "channel"]]
            ],
        ]
        let script = PythonPeer.packageRoot.appendingPathComponent("Tests/JourneyTests/Reference/reference.py").path
        let output = try await PythonPeer.check(
            [script], input: Array(try JSONSerialization.data(withJSONObject: query)))
        let reference = try #require(try JSONDecoder().decode([[String: Double]].self, from: Data(output)).first)
        #expect(reference.count > 2)
        ReferenceTests.compare(outflow, reference, "revenue per session")
        // Revenue per session is not additive: the total is not the sum of the rows.
        let rows = response.rows.map { $0.data[0] }.reduce(0, +)
        #expect(abs(rows - response.summaryData.totals[0]) > 1e-6)
    }
}
