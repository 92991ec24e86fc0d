import Columnar
import Foundation
import Journey
import Lake
import OutflowTestSupport
import QueryService
import Storage

/// A lake in a temporary directory, a report engine over it, and a small `events` dataset written batch by batch:
/// `ecid`, `crmId`, `timestamp`, `marketing.channel`, `revenue`.
struct JourneyFixture {
    struct Event {
        var ecid: String
        var crmId: String?
        var minute: Int64
        var channel: String?
        var revenue: Double?
    }

    /// 2026-01-01T00:00:00Z, the time of minute 0.
    static let origin: Int64 = 1_767_225_600_000_000

    let directory = TestDirectory()
    let lake: Lake
    let engine: ReportEngine

    init() throws {
        let lake = try Lake(dataDirectory: directory.path)
        let store = try SQLiteQueryStore(lake: lake)
        self.lake = lake
        engine = ReportEngine(makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) })
    }

    /// Appends `events` as one committed batch of dataset `events` (created by the first call).
    func append(_ events: [Event]) throws {
        let document = """
            {"title": "events", "class": "ExperienceEvent", "fields": [
              {"name": "_id", "type": "string", "required": true},
              {"name": "timestamp", "type": "timestamp", "required": true},
              {"name": "ecid", "type": "string"}, {"name": "crmId", "type": "string"},
              {"name": "marketing", "type": "struct", "fields": [{"name": "channel", "type": "string"}]},
              {"name": "revenue", "type": "number"}]}
            """
        let existing = try? lake.dataset(sandbox: "prod", idOrName: "events")
        let dataset =
            try existing ?? lake.createDataset(sandbox: "prod", name: "events", schemaDocument: Array(document.utf8))
        let builders = dataset.schema.fields.map { ColumnBuilder(type: $0.type) }
        for event in events {
            for (field, builder) in zip(dataset.schema.fields, builders) {
                switch field.name {
                case "_id": try builder.append(.string(UUID().uuidString))
                case "timestamp": try builder.append(.timestamp(Self.origin + event.minute * 60_000_000))
                case "ecid": try builder.append(.string(event.ecid))
                case "crmId": try builder.append(event.crmId.map { .string($0) } ?? .null)
                case "marketing": try builder.append(.struct([event.channel.map { .string($0) } ?? .null]))
                case "revenue": try builder.append(event.revenue.map { .float($0) } ?? .null)
                default: try builder.append(.null)
                }
            }
        }
        let batch = try ColumnBatch(schema: dataset.schema, columns: builders.map { $0.finish() })
        _ = try lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
    }

    static func connection(stitching: Bool) -> JourneyConnection {
        JourneyConnection(
            id: "dg_test", name: "test", sandbox: "prod",
            dataSets: [ConnectionDataset(datasetId: "events", type: .event, personIdField: "ecid")],
            stitching: stitching
                ? StitchingSettings(persistentIdField: "ecid", transientIdField: "crmId", replayLookbackDays: 7) : nil)
    }

    static func dataView(persistence: Persistence? = nil, attribution: Attribution? = nil) -> DataView {
        DataView(
            id: "dv_test", name: "test", parentDataGroupId: "dg_test",
            dimensions: [
                DimensionComponent(id: "channel", name: "Channel", field: "marketing.channel", persistence: persistence)
            ],
            metrics: [
                MetricComponent(id: "occurrences", name: "Occurrences", kind: .occurrences),
                MetricComponent(id: "sessions", name: "Sessions", kind: .sessions),
                MetricComponent(id: "people", name: "People", kind: .people),
                MetricComponent(id: "revenue", name: "Revenue", kind: .sum(field: "revenue"), attribution: attribution),
            ])
    }

    static func request(_ metrics: [String], dateRange: String? = nil) -> ReportRequest {
        ReportRequest(
            dataId: "dv_test",
            globalFilters: dateRange.map { [GlobalFilter(type: "dateRange", dateRange: $0)] } ?? [],
            metricContainer: MetricContainer(
                metrics: metrics.enumerated().map {
                    ReportMetric(columnId: "\($0.offset)", id: "metrics/\($0.element)")
                }),
            dimension: "variables/channel", settings: ReportSettings(limit: 1_000))
    }

    /// The report as item value -> metric values.
    func report(
        _ metrics: [String], stitching: Bool = true, persistence: Persistence? = nil, attribution: Attribution? = nil,
        dateRange: String? = nil
    ) async throws -> [String: [Double]] {
        let response = try await engine.run(
            Self.request(metrics, dateRange: dateRange),
            dataView: Self.dataView(persistence: persistence, attribution: attribution),
            connection: Self.connection(stitching: stitching))
        return Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) })
    }
}
