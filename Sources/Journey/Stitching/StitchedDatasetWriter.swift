import Columnar
import Foundation
import Lake
import NIOPosix
import QueryService
import SQL

/// Writes a connection's stitched datasets: CJA's stitched dataset, one per event dataset, with every row of the
/// event dataset (its fields as they are) plus `stitchedId` (the replayed person) and `stitchedNamespace` (the
/// field the id is a value of: the transient or the persistent id field). All events of the connection are read
/// first and stitched by `StitchedTimeline` (reports' replay); then each event dataset is read again and written
/// through Query Service's CREATE TABLE AS path, so a dataset is visible only once all its rows are committed.
/// A forgotten transient id is neither a stitched id nor kept in a top-level transient id field (set to null).
struct StitchedDatasetWriter {
    let makeSession: ReportEngine.SessionMaker
    let lake: Lake
    let pool: NIOThreadPool

    /// Called as rows are read and written.
    typealias Progress = @Sendable (StitchingRun.Progress) async -> Void

    static let idColumn = "stitchedId"
    static let namespaceColumn = "stitchedNamespace"

    /// The stitched dataset of `dataset` is `<base>_<suffix>`; `base` is `<connection>_stitched` for a connection
    /// with one event dataset, else `<connection>_<dataset>_stitched` (the stable name of the view of the latest).
    static func baseName(connection: JourneyConnection, datasetName: String) -> String {
        connection.eventDataSets.count == 1
            ? "\(connection.name)_stitched" : "\(connection.name)_\(datasetName)_stitched"
    }

    /// Stitches every event of `connection` and writes its stitched datasets named `<base>_<suffix>`.
    func write(
        _ connection: JourneyConnection, suffix: String, forgotten: Set<String>, progress: Progress
    ) async throws(JourneyError) -> [StitchedDataset] {
        guard let stitching = connection.stitching else {
            throw .invalid("stitching", "connection '\(connection.id)' has no stitching settings: nothing to replay")
        }
        let fields = EventFields(dimension: stitching.persistentIdField, metrics: [], sessionRules: [])
        let loader = EventLoader(
            session: makeSession(connection.sandbox), fields: fields, stitching: stitching)
        var events = try await loader.load(connection, start: Int64.min, end: Int64.max)
        var counts = StitchingRun.Progress(eventsRead: events.count)
        await progress(counts)
        events.forget(forgotten)
        // The replay is seconds of CPU on large connections: NIO's thread pool runs it, not the cooperative pool.
        let loaded = events
        let lookback = Int64(stitching.replayLookbackDays) * 86_400_000_000
        let timeline: StitchedTimeline
        do {
            timeline = try await pool.runIfActive {
                StitchedTimeline(loaded, lookbackMicros: lookback, forgotten: forgotten)
            }
        } catch {
            throw JourneyError(.io, "the replay could not be computed: \(error)")
        }
        var written: [StitchedDataset] = []
        do throws(JourneyError) {
            for (index, source) in connection.eventDataSets.enumerated() {
                if Task.isCancelled { throw JourneyError(.cancelled, "the replay was cancelled") }
                let dataset = try await lakeDataset(
                    source.datasetId, sandbox: connection.sandbox, field: "dataSets[\(index)]")
                let view = Self.baseName(connection: connection, datasetName: dataset.name)
                let name = view + "_" + suffix
                let id = try await writeDataset(
                    dataset, named: name, source: source, stitching: stitching, timeline: timeline,
                    sandbox: connection.sandbox
                ) { rows async in
                    counts.eventsWritten += rows
                    await progress(counts)
                }
                written.append(StitchedDataset(sourceDatasetId: dataset.id, datasetId: id, name: name, view: view))
            }
            try await publish(written, sandbox: connection.sandbox)
        } catch {
            // A failed run leaves none of its datasets.
            await drop(written, sandbox: connection.sandbox)
            throw error
        }
        return written
    }

    /// Points each stitched dataset's view (its stable name) at it: `SELECT * FROM <view>` reads the latest run.
    private func publish(_ written: [StitchedDataset], sandbox: String) async throws(JourneyError) {
        let session = makeSession(sandbox)
        for dataset in written {
            let view = EventFields.quoted(dataset.view)
            do {
                _ = try await session.run(
                    "DROP VIEW IF EXISTS \(view); CREATE VIEW \(view) AS SELECT * FROM \(EventFields.quoted(dataset.name))"
                )
            } catch {
                throw JourneyError(
                    .conflict, "cannot make view '\(dataset.view)' of the stitched dataset: \(error.message)",
                    field: "name")
            }
        }
    }

    /// Drops stitched datasets (a previous run's, or a failed run's); returns those that could not be dropped
    /// (an enabled export flow reads them) with the reason.
    @discardableResult
    func drop(_ datasets: [StitchedDataset], sandbox: String) async -> [(StitchedDataset, String)] {
        let session = makeSession(sandbox)
        var kept: [(StitchedDataset, String)] = []
        for dataset in datasets {
            do {
                _ = try await session.run("DROP TABLE IF EXISTS \(EventFields.quoted(dataset.name))")
            } catch {
                kept.append((dataset, error.message))
            }
        }
        return kept
    }

    /// `SELECT <fields>, <persistent id>, <transient id>, <timestamp> FROM <dataset>` into dataset `name`, the
    /// three id columns replaced by `stitchedId` and `stitchedNamespace`.
    private func writeDataset(
        _ dataset: Dataset, named name: String, source: ConnectionDataset, stitching: StitchingSettings,
        timeline: StitchedTimeline, sandbox: String, wrote: (Int) async -> Void
    ) async throws(JourneyError) -> String {
        let names = dataset.schema.fields.map(\.name).filter { $0 != "_id" }
        let select =
            names.map(EventFields.quoted) + [
                "CAST(\(EventFields.expression(stitching.persistentIdField)) AS TEXT)",
                "CAST(\(EventFields.expression(stitching.transientIdField)) AS TEXT)",
                EventFields.expression(source.timestampField ?? "timestamp"),
            ]
        let sql = "SELECT " + select.joined(separator: ", ") + " FROM " + EventFields.quoted(dataset.name)
        let transientColumn = names.firstIndex(of: stitching.transientIdField)
        let session = makeSession(sandbox)
        let lineage =
            "-- stitched (replay over \(stitching.replayLookbackDays) days) from dataset \(dataset.id)\n" + sql
        do {
            let result = try await session.run(sql)
            let columns =
                Array(result.columns.prefix(names.count)) + [
                    PlanColumn(Self.idColumn, .text), PlanColumn(Self.namespaceColumn, .text),
                ]
            let created = try await session.createDataset(named: name, columns: columns, lineage: lineage) {
                guard let batch = try await result.next() else { return [] }
                try Task.checkCancellation()
                let rows = batch.rows.map { row in
                    Self.stitchedRow(
                        row, fieldCount: names.count, transientColumn: transientColumn, timeline: timeline,
                        stitching: stitching)
                }
                await wrote(rows.count)
                return rows
            }
            return created.datasetId
        } catch {
            throw Self.journeyError(error, datasetName: name)
        }
    }

    /// A row of the stitched dataset: the event's fields (a forgotten top-level transient id nulled), its stitched
    /// id and that id's namespace.
    static func stitchedRow(
        _ row: [Datum], fieldCount: Int, transientColumn: Int?, timeline: StitchedTimeline,
        stitching: StitchingSettings
    ) -> [Datum] {
        var out = Array(row.prefix(fieldCount))
        let persistent = text(row[fieldCount])
        let transient = text(row[fieldCount + 1])
        var time: Int64?
        if case let .timestamp(micros) = row[fieldCount + 2] { time = micros }
        if let transient, timeline.isForgotten(transient), let column = transientColumn { out[column] = .null }
        if let stitched = timeline.stitched(persistent: persistent, transient: transient, time: time) {
            out.append(.text(stitched.id))
            let namespace =
                stitched.source == .transient ? stitching.transientIdField : stitching.persistentIdField
            out.append(.text(namespace))
        } else {
            out += [.null, .null]
        }
        return out
    }

    private static func text(_ datum: Datum) -> String? {
        if case let .text(value) = datum { return value }
        return nil
    }

    private func lakeDataset(_ idOrName: String, sandbox: String, field: String) async throws(JourneyError)
        -> Dataset
    {
        let lake = self.lake
        do {
            return try await pool.runIfActive { try lake.dataset(sandbox: sandbox, idOrName: idOrName) }
        } catch let error as LakeError where error.code == .notFound {
            throw JourneyError(.notFound, "dataset '\(idOrName)' not found", field: field)
        } catch {
            throw JourneyError(.io, "cannot read dataset '\(idOrName)': \(error)", field: field)
        }
    }

    /// A failure writing dataset `datasetName` as a journey error: a taken name is `.conflict`, a column that
    /// cannot be a dataset field `.invalid`, anything else `.queryFailed`.
    static func journeyError(_ error: any Error, datasetName: String) -> JourneyError {
        if let error = error as? JourneyError { return error }
        guard let error = error as? SQLError else {
            return JourneyError(.queryFailed, "writing dataset '\(datasetName)' failed: \(error)")
        }
        switch error.state.code {
        case "42P07": return JourneyError(.conflict, "a dataset or view named '\(datasetName)' exists", field: "name")
        case "42701", "42602": return JourneyError(.invalid, error.message, field: "columns")
        case "57014": return JourneyError(.cancelled, error.message)
        default: return JourneyError(.queryFailed, "writing dataset '\(datasetName)' failed: \(error.message)")
        }
    }
}
