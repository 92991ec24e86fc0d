import Foundation
import Journey
import OutflowTestSupport
import Testing

/// A segment's report on the demo data equals a plain SQL formulation run by DuckDB
/// (`Reference/segment_sessions.sql`, `Reference/segment_revenue.sql`): sessions and last-touch revenue by
/// marketing channel for the session container "sessions with a page view of Home".
@Suite(.serialized) struct SegmentReferenceTests {
    @Test func aSessionSegmentsSessionsAndRevenueEqualDuckDB() async throws {
        let demo = try await ReferenceTests.DemoLake()
        var view = ReferenceTests.dataView
        view.dimensions.append(DimensionComponent(id: "page_name", name: "Page", field: "web.webPageDetails.name"))
        let definition = try JSONDecoder().decode(
            SegmentDefinition.self,
            from: Data(
                #"""
                {"func": "segment", "version": [1, 0, 0], "container": {"func": "container", "context": "visits",
                 "pred": {"func": "streq", "str": "home", "val": {"func": "attr", "name": "variables/page_name"}}}}
                """#.utf8))
        let metrics = ["sessions", "revenue_last_30d"]
        let request = ReportRequest(
            dataId: "dv_demo", globalFilters: [GlobalFilter(type: "segment", segmentDefinition: definition)],
            metricContainer: MetricContainer(metrics: metrics.map { ReportMetric(columnId: $0, id: "metrics/\($0)") }),
            dimension: "variables/marketing_channel", settings: ReportSettings(limit: 10_000))
        let response = try await demo.engine.run(
            request, dataView: view, connection: ReferenceTests.connection(stitched: true))
        var outflow: [String: [String: Double]] = [:]
        for (index, metric) in metrics.enumerated() {
            var column: [String: Double] = ["__total__": response.summaryData.totals[index]]
            for row in response.rows where row.data[index] != 0 { column[row.value] = row.data[index] }
            outflow[metric] = column
        }
        let params = ["dimension": "channel", "page": "home"]
        let input: [String: Any] = [
            "dataDirectory": demo.directory.path, "datasetId": demo.datasetId,
            "views": ["stitched": ["replay_days": "7", "timeout_minutes": "30", "person": "stitched_id"]],
            "queries": [
                ["view": "stitched", "file": "segment_sessions.sql", "params": params],
                ["view": "stitched", "file": "segment_revenue.sql", "params": params],
            ],
        ]
        let script = PythonPeer.packageRoot.appendingPathComponent("Tests/JourneyTests/Reference/reference.py").path
        let output = try await PythonPeer.check(
            [script], input: Array(try JSONSerialization.data(withJSONObject: input)))
        let answers = try JSONDecoder().decode([[String: Double]].self, from: Data(output))
        try #require(answers.count == 2)
        #expect((answers[0]["__total__"] ?? 0) > 0)
        ReferenceTests.compare(outflow["sessions"], answers[0], "segment sessions")
        ReferenceTests.compare(outflow["revenue_last_30d"], answers[1], "segment revenue")
    }
}
