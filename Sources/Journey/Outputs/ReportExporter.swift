import Foundation
import QueryService
import SQL

/// CJA's Full Table Export: runs a report with every row (no paging) and writes it as a lake dataset through
/// Query Service's CREATE TABLE AS path (one committed batch: all rows or none), so Export datasets flows can
/// deliver it anywhere and SQL can read it. Columns: the dimension's id (the item's value), `itemId`, and one
/// `double` column per metric named by its `columnId`; rows in the report's order (`settings.dimensionSort`, else
/// the first metric descending).
public struct ReportExporter: Sendable {
    let journey: JourneyService
    let makeSession: ReportEngine.SessionMaker

    public init(journey: JourneyService, makeSession: @escaping ReportEngine.SessionMaker) {
        self.journey = journey
        self.makeSession = makeSession
    }

    /// Every row `request` (`limit`/`page` ignored) yields on its data view, written as dataset `name`.
    public func export(_ request: ReportRequest, name: String, sandbox: String) async throws(JourneyError)
        -> ReportExport
    {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 256 else {
            throw .invalid("name", "the dataset name must be 1...256 characters")
        }
        var paged = request
        paged.settings.limit = 1
        paged.settings.page = 0
        let view: DataView
        do {
            view = try await journey.dataView(request.dataId, sandbox: sandbox)
        } catch  where error.code == .notFound {
            throw JourneyError(.notFound, error.message, field: "dataId")
        }
        try JourneyValidator.validate(paged, dataView: view)
        let connection = try await journey.connection(id: view.parentDataGroupId, sandbox: sandbox)
        var whole = request
        whole.dataId = view.id
        // Every row on one page: the table's size is bounded by the data view's distinct values.
        whole.settings.limit = 1 << 40
        whole.settings.page = 0
        let report = try await journey.engine.run(whole, dataView: view, connection: connection)
        let dimension = String(report.columns.dimension.id.split(separator: "/").last ?? "value")
        let names = [dimension, "itemId"] + report.columns.columnIds
        let columns =
            [PlanColumn(dimension, .text), PlanColumn("itemId", .text)]
            + report.columns.columnIds.map { PlanColumn($0, .double) }
        var pending: [[Datum]] = report.rows.map { row in
            [.text(row.value), .text(row.itemId)] + row.data.map { .float($0) }
        }
        let lineage = "-- full-table export of a report on data view \(view.id)"
        do {
            let created = try await makeSession(sandbox).createDataset(
                named: name, columns: columns, lineage: lineage
            ) {
                defer { pending = [] }
                return pending
            }
            return ReportExport(
                datasetId: created.datasetId, name: name, columns: names, rowCount: created.rows,
                totals: report.summaryData.totals)
        } catch {
            throw StitchedDatasetWriter.journeyError(error, datasetName: name)
        }
    }
}
