import Demo
import Foundation
import Journey
import Lake
import OutflowTestSupport
import Testing

/// The demo data view's lookup, profile and derived dimensions equal plain SQL formulations of their definitions
/// (`Reference/*_occurrences.sql`) run by DuckDB over the same Parquet files.
@Suite(.serialized) struct AttributeReferenceTests {
    /// The Parquet files of dataset `name` in the demo lake, as a DuckDB list literal.
    static func files(_ demo: ReferenceTests.DemoLake, _ name: String) throws -> String {
        let id = try demo.lake.dataset(sandbox: "prod", idOrName: name).id
        let root = URL(fileURLWithPath: demo.directory.path)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "parquet", url.pathComponents.contains(id) { paths.append(url.path) }
        }
        #expect(!paths.isEmpty, "no Parquet files for \(name)")
        return "["
            + paths.sorted().map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
            + "]"
    }

    @Test func lookupProfileAndDerivedDimensionsEqualDuckDB() async throws {
        let demo = try await ReferenceTests.DemoLake()
        var connection = DemoJourney.connection(sandbox: "prod")
        connection.id = "dg_demo"
        var view = DemoJourney.dataView(connectionId: "dg_demo")
        view.id = "dv_demo"
        let params = [
            "events": try Self.files(demo, DemoSchemas.webEventsName),
            "catalog": try Self.files(demo, DemoSchemas.productCatalogName),
            "profiles": try Self.files(demo, DemoSchemas.customerProfilesName),
        ]
        let cases = [
            ("product_category", "lookup_occurrences.sql"), ("loyalty_tier", "profile_occurrences.sql"),
            ("site_section", "derived_occurrences.sql"),
        ]
        let request: [String: Any] = [
            "dataDirectory": demo.directory.path, "datasetId": demo.datasetId, "views": [String: Any](),
            "queries": cases.map { ["view": "events", "file": $0.1, "params": params] },
        ]
        let script = PythonPeer.packageRoot.appendingPathComponent("Tests/JourneyTests/Reference/reference.py").path
        let output = try await PythonPeer.check(
            [script], input: Array(try JSONSerialization.data(withJSONObject: request)))
        let answers = try JSONDecoder().decode([[String: Double]].self, from: Data(output))
        for ((dimension, _), reference) in zip(cases, answers) {
            let response = try await demo.engine.run(
                ReportRequest(
                    dataId: "dv_demo",
                    metricContainer: MetricContainer(metrics: [ReportMetric(columnId: "0", id: "metrics/occurrences")]),
                    dimension: "variables/\(dimension)", settings: ReportSettings(limit: 10_000)),
                dataView: view, connection: connection)
            let outflow = Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data[0]) })
            #expect(reference.count > 1, "\(dimension): the reference has one item only")
            ReferenceTests.compare(outflow, reference, dimension)
        }
    }
}
