import ArgumentParser
import Foundation
import Journey

/// `outflow report`: a CJA report (one dimension, its items ranked by metrics) on a data view, printed as a table,
/// CSV or NDJSON keyed by the dimension's and the metrics' ids.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a report on a data view: a dimension's items with metrics.",
        discussion: """
            --from and --to are ISO dates (2024-01-31) or timestamps (2024-01-31T08:00:00) in the data view's time \
            zone; --to is exclusive. Errors name the component at fault (exit 3 invalid, 4 not found).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("data-view"), help: "The data view's id (dv_…) or name.")
    var dataView: String

    @Option(help: "The dimension's id.")
    var dimension: String

    @Option(name: .customLong("metric"), help: "A metric's id (repeat for more columns).")
    var metrics: [String] = []

    @Option(help: "Start of the reporting window (inclusive).")
    var from: String?

    @Option(help: "End of the reporting window (exclusive).")
    var to: String?

    @Option(name: .customLong("segment"), help: "A segment's id (s_…) the events must be in (repeat for more).")
    var segments: [String] = []

    @Option(
        name: .customLong("breakdown"),
        help: "DIM=ITEMID: count only events whose dimension DIM has the item (a report row's itemId; 0: Unspecified).")
    var breakdowns: [String] = []

    @Option(help: "Rows to print (1 to 50000).")
    var limit: Int = 50

    @Option(help: "Output format: table, csv or ndjson (one JSON object per row).")
    var format: String = "table"

    func validate() throws {
        guard !metrics.isEmpty else { throw ValidationError("at least one --metric is required") }
        guard ["table", "csv", "ndjson"].contains(format) else {
            throw ValidationError("--format must be one of table, csv, ndjson")
        }
        guard (1...50_000).contains(limit) else { throw ValidationError("--limit must be 1 to 50000") }
        for breakdown in breakdowns where Self.breakdown(breakdown) == nil {
            throw ValidationError("--breakdown must be DIMENSION=ITEMID, not '\(breakdown)'")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, Self.localTime(value) == nil {
                throw ValidationError("\(name) must be an ISO date (2024-01-31) or timestamp (2024-01-31T08:00:00)")
            }
        }
    }

    /// `2024-01-31` as `2024-01-31T00:00:00`; a timestamp (`T`, optional seconds and fraction) as it is.
    static func localTime(_ text: String) -> String? {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), isDate(parts[0]) else { return nil }
        guard parts.count == 2 else { return text + "T00:00:00" }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time[0].count == 2, time[1].count == 2,
            time.prefix(2).allSatisfy({ $0.allSatisfy(\.isASCII) && Int($0) != nil }),
            time.count == 2 || Double(time[2]) != nil
        else { return nil }
        return time.count == 2 ? text + ":00" : text
    }

    static func isDate(_ text: Substring) -> Bool {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        return fields.count == 3 && fields.map(\.count) == [4, 2, 2]
            && fields.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }

    /// The Reporting API request these options make.
    func reportRequest() -> ReportRequest {
        var filters: [GlobalFilter] = []
        if from != nil || to != nil {
            let start = from.flatMap(Self.localTime) ?? "1970-01-01T00:00:00"
            let end = to.flatMap(Self.localTime) ?? "9999-12-31T00:00:00"
            filters.append(GlobalFilter(type: "dateRange", dateRange: "\(start)/\(end)"))
        }
        filters += segments.map { GlobalFilter(type: "segment", segmentId: $0) }
        return ReportRequest(
            dataId: dataView, globalFilters: filters,
            metricContainer: MetricContainer(
                metrics: metrics.map { ReportMetric(columnId: Self.bare($0), id: "metrics/" + Self.bare($0)) }),
            dimension: "variables/" + Self.bare(dimension), settings: ReportSettings(limit: limit),
            breakdowns: breakdowns.isEmpty ? nil : breakdowns.compactMap(Self.breakdown))
    }

    /// `DIM=ITEMID` as a breakdown on `variables/DIM`.
    static func breakdown(_ text: String) -> Breakdown? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return Breakdown(dimension: "variables/" + bare(String(parts[0])), itemId: String(parts[1]))
    }

    /// An id without CJA's `variables/` or `metrics/` prefix.
    static func bare(_ id: String) -> String {
        for prefix in ["variables/", "metrics/"] where id.hasPrefix(prefix) {
            return String(id.dropFirst(prefix.count))
        }
        return id
    }

    func run() async throws {
        let journey = try common.journeyService()
        let sandbox = common.sandbox
        let request = reportRequest()
        let report = try await CLIFailure.mapping { () async throws(JourneyError) in
            try await journey.report(request, sandbox: sandbox)
        }
        let table = ReportTable(report, dimension: Self.bare(dimension), metrics: metrics.map(Self.bare))
        let text =
            switch format {
            case "csv": table.csv()
            case "ndjson": table.ndjson()
            default: table.table()
            }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
