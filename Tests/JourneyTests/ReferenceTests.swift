import Demo
import Foundation
import Journey
import Lake
import OutflowTestSupport
import QueryService
import Storage
import Testing

/// The acceptance of issue 15: Outflow's reports on the demo data equal plain SQL formulations of the same
/// definitions (`Reference/*.sql`, each with a comment explaining it) run by DuckDB over the same Parquet files.
@Suite(.serialized) struct ReferenceTests {
    static let events = 40_000
    static let models: [(name: String, model: Attribution.Model, weight: String)] = [
        ("last", .lastTouch, "CASE WHEN k = n THEN 1 ELSE 0 END"),
        ("first", .firstTouch, "CASE WHEN k = 1 THEN 1 ELSE 0 END"),
        ("linear", .linear, "1.0 / n"),
        ("decay", .timeDecay(halfLifeSeconds: 7 * 86_400), "pow(2, -(ots - tts) / {half_life_us}) / decay_total"),
    ]
    static let lookbacks: [(name: String, lookback: Attribution.Lookback, sql: String)] = [
        ("30d", .time(seconds: 30 * 86_400), "t.ts >= o.ts - 30 * 86400000000"),
        ("session", .session, "t.session_no = o.session_no"),
    ]

    /// The demo lake, loaded once per test (a few seconds).
    struct DemoLake {
        let directory = TestDirectory()
        let lake: Lake
        let engine: ReportEngine
        let datasetId: String

        init() async throws {
            let lake = try Lake(dataDirectory: directory.path)
            let store = try SQLiteQueryStore(lake: lake)
            _ = try await DemoLoader(lake: lake, sandbox: "prod", chunkSize: 10_000, chunksPerLakeBatch: 1)
                .load(events: ReferenceTests.events, seed: 15)
            self.lake = lake
            datasetId = try lake.dataset(sandbox: "prod", idOrName: DemoSchemas.webEventsName).id
            engine = ReportEngine(makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) })
        }
    }

    static func connection(stitched: Bool) -> JourneyConnection {
        JourneyConnection(
            id: "dg_demo", name: "demo", sandbox: "prod",
            dataSets: [ConnectionDataset(datasetId: DemoSchemas.webEventsName, type: .event, personIdField: "ecid")],
            stitching: stitched
                ? StitchingSettings(persistentIdField: "ecid", transientIdField: "crmId", replayLookbackDays: 7) : nil)
    }

    static var dataView: DataView {
        var metrics = [
            MetricComponent(id: "people", name: "People", kind: .people),
            MetricComponent(id: "sessions", name: "Sessions", kind: .sessions),
        ]
        for model in models {
            for lookback in lookbacks {
                metrics.append(
                    MetricComponent(
                        id: "revenue_\(model.name)_\(lookback.name)", name: "Revenue",
                        kind: .sum(field: "commerce.order.priceTotal"),
                        attribution: Attribution(model: model.model, lookback: lookback.lookback)))
            }
        }
        return DataView(
            id: "dv_demo", name: "demo", parentDataGroupId: "dg_demo",
            dimensions: [
                DimensionComponent(id: "marketing_channel", name: "Channel", field: "marketing.channel"),
                DimensionComponent(id: "tracking_code", name: "Tracking code", field: "marketing.trackingCode"),
            ],
            metrics: metrics)
    }

    /// Outflow's report: per metric id, item -> value, with the total under `__total__`.
    static func outflow(_ demo: DemoLake, dimension: String, stitched: Bool) async throws -> [String: [String: Double]]
    {
        let metrics = dataView.metrics.map(\.id)
        let request = ReportRequest(
            dataId: "dv_demo",
            metricContainer: MetricContainer(metrics: metrics.map { ReportMetric(columnId: $0, id: "metrics/\($0)") }),
            dimension: "variables/\(dimension)", settings: ReportSettings(limit: 10_000))
        let response = try await demo.engine.run(
            request, dataView: dataView, connection: connection(stitched: stitched))
        #expect(response.totalPages == 1)
        var result: [String: [String: Double]] = [:]
        for (index, metric) in metrics.enumerated() {
            var column: [String: Double] = ["__total__": response.summaryData.totals[index]]
            for row in response.rows { column[row.value] = row.data[index] }
            result[metric] = column
        }
        return result
    }

    /// DuckDB's answers to the reference queries, keyed like `outflow`.
    static func duckDB(_ demo: DemoLake, dimension: String) async throws -> [String: [String: Double]] {
        let column = dimension == "marketing_channel" ? "channel" : "code"
        var queries: [(metric: String, view: String, file: String, params: [String: String])] = [
            ("people", "stitched", "people.sql", ["dimension": column]),
            ("sessions", "stitched", "sessions.sql", ["dimension": column]),
            ("people_unstitched", "unstitched", "people.sql", ["dimension": column]),
        ]
        for model in models {
            for lookback in lookbacks {
                queries.append(
                    (
                        "revenue_\(model.name)_\(lookback.name)", "stitched", "attribution.sql",
                        [
                            "dimension": column, "weight": model.weight, "lookback": lookback.sql,
                            "half_life_us": String(7 * 86_400_000_000.0),
                        ]
                    ))
            }
        }
        let request: [String: Any] = [
            "dataDirectory": demo.directory.path, "datasetId": demo.datasetId,
            "views": [
                "stitched": ["replay_days": "7", "timeout_minutes": "30", "person": "stitched_id"],
                "unstitched": ["replay_days": "7", "timeout_minutes": "30", "person": "ecid"],
            ],
            "queries": queries.map { ["view": $0.view, "file": $0.file, "params": $0.params] },
        ]
        let script = PythonPeer.packageRoot.appendingPathComponent("Tests/JourneyTests/Reference/reference.py").path
        let output = try await PythonPeer.check(
            [script], input: Array(try JSONSerialization.data(withJSONObject: request)))
        let answers = try JSONDecoder().decode([[String: Double]].self, from: Data(output))
        return Dictionary(uniqueKeysWithValues: zip(queries.map(\.metric), answers))
    }

    static func compare(_ outflow: [String: Double]?, _ reference: [String: Double]?, _ what: String) {
        let (outflow, reference) = (outflow ?? [:], reference ?? [:])
        #expect(!reference.isEmpty, "\(what): no reference rows")
        for item in Set(outflow.keys).union(reference.keys) {
            let (mine, theirs) = (outflow[item] ?? 0, reference[item] ?? 0)
            #expect(abs(mine - theirs) <= 1e-6 * max(1, abs(theirs)), "\(what) \(item): \(mine) vs \(theirs)")
        }
    }

    @Test(arguments: ["marketing_channel", "tracking_code"])
    func reportsEqualDuckDBOnTheDemoData(dimension: String) async throws {
        let demo = try await DemoLake()
        let reference = try await Self.duckDB(demo, dimension: dimension)
        let stitched = try await Self.outflow(demo, dimension: dimension, stitched: true)
        for metric in Self.dataView.metrics.map(\.id) {
            Self.compare(stitched[metric], reference[metric], "\(dimension) \(metric)")
        }
        let unstitched = try await Self.outflow(demo, dimension: dimension, stitched: false)
        Self.compare(unstitched["people"], reference["people_unstitched"], "\(dimension) unstitched people")
        // Stitching merges devices into people: fewer people than devices, as the reference counts too.
        let people = try #require(stitched["people"]?["__total__"])
        let devices = try #require(unstitched["people"]?["__total__"])
        #expect(people < devices)
    }
}
