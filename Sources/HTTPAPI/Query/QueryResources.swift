import Foundation
import QueryService

/// A link of AEP's `_links`.
struct QueryLink: Encodable {
    var href: String
    var method: String?
    var body: String?
}

/// A dataset a query wrote, as AEP lists it in `_links.referenced_datasets`.
struct ReferencedDataset: Encodable {
    var id: String
    var href: String
}

/// A query as AEP's `/queries` shows it, plus `datasetId` (the CTAS/INSERT target) and `results` (the first rows
/// of a SELECT, when the server keeps them).
struct QueryResource: Encodable {
    struct Links: Encodable {
        var selfLink: QueryLink
        var softDelete: QueryLink
        var cancel: QueryLink?
        var referencedDatasets: [ReferencedDataset]?

        enum CodingKeys: String, CodingKey {
            case selfLink = "self", softDelete = "soft_delete", cancel, referencedDatasets = "referenced_datasets"
        }
    }

    struct Results: Encodable {
        var columns: [String]
        var rows: [JSONValue]
        var truncated: Bool
    }

    var id: String
    var request: QueryJobRequest
    var state: String
    var rowCount: Int64
    var errors: [QueryJobError]
    var isCTAS: Bool
    var isInsertInto: Bool
    var version = 1
    var elapsedTime: Int64
    var created: String
    var updated: String
    var client: String
    var softDeleted: Bool
    var scheduleId: String?
    var datasetId: String?
    var results: Results?
    var _links: Links

    static let base = "/data/foundation/query/queries/"

    init(_ job: QueryJob) {
        id = job.id
        request = job.request
        state = job.state.rawValue
        rowCount = job.rowCount
        errors = job.errors
        isCTAS = job.isCTAS
        isInsertInto = job.isInsertInto
        elapsedTime = job.elapsedTime
        created = QueryTime.format(job.created)
        updated = QueryTime.format(job.updated)
        client = job.client
        softDeleted = job.softDeleted
        scheduleId = job.scheduleId
        datasetId = job.referencedDatasets.first
        if let preview = job.preview {
            results = Results(
                columns: preview.columns,
                rows: preview.rows.map { (try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))) ?? .null },
                truncated: preview.truncated)
        }
        let href = Self.base + job.id
        _links = Links(
            selfLink: QueryLink(href: href, method: "GET"),
            softDelete: QueryLink(href: href, method: "PATCH", body: #"{ "op": "soft_delete"}"#),
            cancel: job.state.isFinal ? nil : QueryLink(href: href, method: "PATCH", body: #"{ "op": "cancel"}"#),
            referencedDatasets: job.referencedDatasets.isEmpty
                ? nil
                : job.referencedDatasets.map {
                    ReferencedDataset(id: $0, href: "/data/foundation/catalog/dataSets/\($0)")
                })
    }
}

/// A scheduled query as AEP's `/schedules` shows it.
struct ScheduleResource: Encodable {
    struct Schedule: Encodable {
        var schedule: String
        var startDate: String
        var endDate: String?
        var maxActiveRuns = 1
    }

    struct Query: Encodable {
        var dbName: String
        var sql: String
        var name: String?
        var description: String?
        var ctasParameters: [String: String]?
    }

    struct Links: Encodable {
        var selfLink: QueryLink
        var runs: QueryLink
        var trigger: QueryLink
        var delete: QueryLink
        var enable: QueryLink?
        var disable: QueryLink?

        enum CodingKeys: String, CodingKey {
            case selfLink = "self", runs, trigger, delete, enable, disable
        }
    }

    var id: String
    var state: String
    var query: Query
    var schedule: Schedule
    var version = 2
    var created: String
    var updated: String
    var _links: Links

    init(_ schedule: QuerySchedule) {
        id = schedule.id
        state = schedule.state.rawValue
        query = Query(
            dbName: schedule.query.dbName, sql: schedule.query.sql, name: schedule.query.name,
            description: schedule.query.description,
            ctasParameters: schedule.datasetName.map { ["datasetName": $0] })
        self.schedule = Schedule(
            schedule: schedule.cron, startDate: QueryTime.format(schedule.startDate),
            endDate: schedule.endDate.map(QueryTime.format))
        created = QueryTime.format(schedule.created)
        updated = QueryTime.format(schedule.updated)
        let href = "/data/foundation/query/schedules/" + schedule.id
        _links = Links(
            selfLink: QueryLink(href: href, method: "GET"), runs: QueryLink(href: href + "/runs", method: "GET"),
            trigger: QueryLink(href: href + "/runs", method: "POST"), delete: QueryLink(href: href, method: "DELETE"),
            enable: schedule.state == .disabled
                ? QueryLink(href: href, method: "PATCH", body: #"{ "op": "enable" }"#) : nil,
            disable: schedule.state == .enabled
                ? QueryLink(href: href, method: "PATCH", body: #"{ "op": "disable" }"#) : nil)
    }
}

/// A run of a scheduled query as AEP's `/schedules/{id}/runs` shows it (a run is a query: `queryId`).
struct ScheduleRunResource: Encodable {
    struct Links: Encodable {
        var selfLink: QueryLink
        var query: QueryLink
        var cancel: QueryLink?

        enum CodingKeys: String, CodingKey {
            case selfLink = "self", query, cancel
        }
    }

    var id: String
    var scheduleId: String
    var queryId: String
    var state: String
    var version = 1
    /// AEP writes it as a string.
    var externalTrigger: String
    var created: String
    var updated: String
    var scheduledTime: String?
    var rowCount: Int64
    var errors: [QueryJobError]
    var _links: Links

    init(_ job: QueryJob, scheduleId: String) {
        id = job.id
        self.scheduleId = scheduleId
        queryId = job.id
        state = job.state.rawValue
        externalTrigger = job.externalTrigger ? "true" : "false"
        created = QueryTime.format(job.created)
        updated = QueryTime.format(job.updated)
        scheduledTime = job.slot.map(QueryTime.format)
        rowCount = job.rowCount
        errors = job.errors
        let href = "/data/foundation/query/schedules/\(scheduleId)/runs/\(job.id)"
        _links = Links(
            selfLink: QueryLink(href: href, method: "GET"),
            query: QueryLink(href: QueryResource.base + job.id, method: "GET"),
            cancel: job.state.isFinal ? nil : QueryLink(href: href, method: "PATCH", body: #"{ "op": "cancel" }"#))
    }
}

/// AEP's acknowledgement of an accepted request: `{message, statusCode: 202}`.
struct QueryAcknowledgement: Encodable {
    var message: String
    var statusCode = 202
}

/// A page of a listing: `{<key>: [...], _page: {orderby, start, count, next?}, _links: {next?, prev?}, version}`.
struct QueryPage<Item: Encodable>: Encodable {
    struct PageInfo: Encodable {
        var orderby: String
        var start: Int
        var count: Int
        var total: Int
        var next: Int?
    }

    struct Links: Encodable {
        var next: QueryLink?
        var prev: QueryLink?
    }

    let key: String
    let items: [Item]
    let page: PageInfo
    let links: Links
    let version: Int

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: key))
        try container.encode(page, forKey: Key(stringValue: "_page"))
        try container.encode(links, forKey: Key(stringValue: "_links"))
        try container.encode(version, forKey: Key(stringValue: "version"))
    }
}
