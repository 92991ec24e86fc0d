import Columnar
import QueryService
import SQL

/// Reads a report's events from the connection's event datasets through a Query Service session: one
/// `SELECT` per dataset projecting only the fields the report needs, within the load range, decoded batch by
/// batch into `EventColumns` (dictionary codes and typed arrays; no rows are kept).
struct EventLoader {
    let session: QuerySession
    let fields: EventFields
    let stitching: StitchingSettings?
    /// Derived fields and lookup or profile attributes the fields name (nil: event fields only).
    var sources: FieldSources? = nil

    /// Loads every event dataset of `connection` with a timestamp in `[start, end)`.
    func load(_ connection: JourneyConnection, start: Int64, end: Int64) async throws(JourneyError) -> EventColumns {
        var columns = EventColumns(numericFields: fields.numeric.count)
        columns.flags = fields.filterFlags.map { _ in [] }
        columns.filterItems = fields.filterDimensions.map { _ in [] }
        columns.filterDictionaries = fields.filterDimensions.map { _ in ValueDictionary() }
        let datasets = connection.eventDataSets
        guard !datasets.isEmpty else { throw .invalid("dataSets", "the connection has no event dataset") }
        for (index, dataset) in datasets.enumerated() {
            let sql = try query(dataset, field: "dataSets[\(index)]", start: start, end: end)
            do {
                let result = try await session.run(sql)
                while let batch = try await result.next(rows: false) {
                    for columnBatch in batch.batches { try append(columnBatch, to: &columns) }
                }
            } catch let error as JourneyError {
                throw error
            } catch {
                throw JourneyError(
                    .queryFailed, "reading \(dataset.datasetId) failed: \(error)", field: "dataSets[\(index)]")
            }
        }
        return columns
    }

    /// `SELECT <ids>, <timestamp>, <dimension>, <numbers>, <session rules> FROM "<dataset>" WHERE <range>`.
    func query(_ dataset: ConnectionDataset, field: String, start: Int64, end: Int64) throws(JourneyError) -> String {
        var select: [String] = []
        if let stitching {
            select += [
                text(stitching.persistentIdField), text(stitching.transientIdField),
            ]
        } else {
            guard let person = dataset.personIdField else {
                throw .invalid("\(field).personIdField", "an event dataset needs a person id field")
            }
            select.append(text(person))
        }
        let timestamp = EventFields.expression(dataset.timestampField ?? "timestamp")
        select.append(timestamp)
        select.append(try sources?.text(fields.dimension, dataset: dataset) ?? text(fields.dimension))
        for numeric in fields.numeric {
            let value = try sources?.value(numeric, dataset: dataset) ?? EventFields.expression(numeric)
            select.append(
                fields.countedOnly.contains(numeric)
                    ? "CASE WHEN \(value) IS NULL THEN NULL ELSE CAST(1 AS DOUBLE PRECISION) END"
                    : "CAST(\(value) AS DOUBLE PRECISION)")
        }
        for rule in fields.sessionRules {
            let values = rule.values.map(EventFields.literal).joined(separator: ", ")
            select.append(
                values.isEmpty ? "FALSE" : "coalesce(\(text(rule.field)) IN (\(values)), FALSE)")
        }
        if let binding = fields.binding { select.append(try sources?.text(binding, dataset: dataset) ?? text(binding)) }
        for field in fields.filterDimensions {
            select.append(try sources?.text(field, dataset: dataset) ?? text(field))
        }
        select += fields.filterFlags
        var conditions: [String] = []
        if start != Int64.min { conditions.append("\(timestamp) >= \(ReportWindow.literal(start))") }
        if end != Int64.max { conditions.append("\(timestamp) < \(ReportWindow.literal(end))") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let from = try sources?.from(dataset) ?? EventFields.quoted(dataset.datasetId)
        return "SELECT " + select.joined(separator: ", ") + " FROM " + from + filter
    }

    private func text(_ path: String) -> String {
        "CAST(\(EventFields.expression(path)) AS TEXT)"
    }

    private func append(_ batch: ColumnBatch, to columns: inout EventColumns) throws(JourneyError) {
        var position = 0
        func next() -> Column {
            position += 1
            return batch.columns[position - 1]
        }
        if stitching != nil {
            try Self.codes(next(), into: &columns.device, dictionary: &columns.devices)
            try Self.codes(next(), into: &columns.transient, dictionary: &columns.transients)
        } else {
            try Self.codes(next(), into: &columns.person, dictionary: &columns.people)
        }
        let time = next()
        guard case let .int64(values) = time.storage else { throw Self.unexpected(time, "timestamp") }
        if time.nullCount == 0 {
            columns.time += values.prefix(time.count)
        } else {
            // An event without a time cannot be ordered: it is left out, by its person.
            for index in 0..<time.count { columns.time.append(time.isNull(index) ? Int64.min : values[index]) }
        }
        try Self.codes(next(), into: &columns.item, dictionary: &columns.items)
        for field in columns.numbers.indices {
            let column = next()
            guard case let .float64(values) = column.storage else { throw Self.unexpected(column, "number") }
            for index in 0..<column.count { columns.numbers[field].append(column.isNull(index) ? .nan : values[index]) }
        }
        var rules = [Bool](repeating: false, count: fields.sessionRules.isEmpty ? 0 : batch.rowCount)
        for _ in fields.sessionRules {
            let column = next()
            guard case let .boolean(bits) = column.storage else { throw Self.unexpected(column, "boolean") }
            for index in 0..<column.count where !column.isNull(index) && bits[index] { rules[index] = true }
        }
        columns.startsSession += rules
        if fields.binding != nil { try Self.codes(next(), into: &columns.binding, dictionary: &columns.bindings) }
        for index in fields.filterDimensions.indices {
            try Self.codes(next(), into: &columns.filterItems[index], dictionary: &columns.filterDictionaries[index])
        }
        for index in fields.filterFlags.indices {
            let column = next()
            guard case let .boolean(bits) = column.storage else { throw Self.unexpected(column, "boolean") }
            for row in 0..<column.count { columns.flags[index].append(!column.isNull(row) && bits[row]) }
        }
        if time.nullCount > 0 {
            let from = columns.time.count - time.count
            for index in from..<columns.time.count where columns.time[index] == Int64.min {
                if stitching != nil {
                    columns.device[index] = -1
                    columns.transient[index] = -1
                } else {
                    columns.person[index] = -1
                }
            }
        }
    }

    private static func codes(_ column: Column, into codes: inout [Int32], dictionary: inout ValueDictionary)
        throws(JourneyError)
    {
        guard case let .bytes(offsets, data) = column.storage else { throw unexpected(column, "text") }
        codes.reserveCapacity(codes.count + column.count)
        for index in 0..<column.count {
            if column.isNull(index) {
                codes.append(-1)
            } else {
                codes.append(dictionary.code(utf8: data[Int(offsets[index])..<Int(offsets[index + 1])]))
            }
        }
    }

    private static func unexpected(_ column: Column, _ expected: String) -> JourneyError {
        JourneyError(.queryFailed, "expected a \(expected) column, got \(column.type)")
    }
}
