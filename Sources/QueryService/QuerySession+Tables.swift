import Columnar
import Exports
import Foundation
import Lake
import SQL

extension SourcePosition {
    /// The position for an error, nil for nodes built by hand.
    var offsetIfKnown: Int? { offset > 0 ? offset : nil }
}

/// A cursor's rows, read a batch at a time for a statement that writes them.
final class RowSource {
    let cursor: QueryCursor?
    private var done: Bool

    init(cursor: QueryCursor?) {
        self.cursor = cursor
        done = cursor == nil
    }

    /// The next rows: batches until at least `count` rows or the end (empty at the end).
    func rows(atLeast count: Int) async throws(SQLError) -> [[Datum]] {
        var rows: [[Datum]] = []
        do {
            while !done, rows.count < count {
                if let batch = try await cursor?.next() { rows += batch.rows } else { done = true }
            }
        } catch {
            done = true
            throw QuerySession.sqlError(error)
        }
        return rows
    }

    func close() async { await cursor?.close() }
}

/// CREATE TABLE AS, INSERT and DROP TABLE: derived datasets in the lake.
extension QuerySession {
    /// A relation found by name: a dataset's table or a view, with its stored name.
    enum Relation {
        case table(String)
        case view(String)
    }

    /// The one-part name a statement gives (an optional `public.` is dropped), or `3F000`.
    func relationName(_ name: ObjectName) throws(SQLError) -> Identifier {
        var parts = name.parts
        if parts.count == 2, parts[0].value == "public" { parts.removeFirst() }
        guard parts.count == 1, let identifier = parts.first else {
            let schema = parts.dropLast().map(\.value).joined(separator: ".")
            throw SQLError(
                SQLState("3F000"), "schema \"\(schema)\" does not exist", position: name.position.offsetIfKnown)
        }
        return identifier
    }

    /// The table or view `identifier` names, matched as the binder matches (unquoted: case-insensitively).
    static func find(_ identifier: Identifier, in catalog: LakeSQLCatalog) -> Relation? {
        func matches(_ stored: String) -> Bool {
            identifier.quoted ? stored == identifier.value : Identifier.fold(stored) == identifier.value
        }
        if let name = catalog.tableNames.first(where: { $0 == identifier.value })
            ?? catalog.tableNames.first(where: matches)
        {
            return .table(name)
        }
        if let name = catalog.viewNames.first(where: { $0 == identifier.value })
            ?? catalog.viewNames.first(where: matches)
        {
            return .view(name)
        }
        return nil
    }

    func createTable(_ create: CreateTableAs) async throws(SQLError) -> StatementResult {
        let identifier = try relationName(create.name)
        let catalog = try await catalog()
        if let existing = Self.find(identifier, in: catalog) {
            if create.ifNotExists { return StatementResult(tag: "CREATE TABLE AS") }
            let name: String
            switch existing {
            case let .table(stored), let .view(stored): name = stored
            }
            throw SQLError(
                .duplicateTable, "relation \"\(name)\" already exists", position: create.name.position.offsetIfKnown)
        }
        let plan = try engine.bind(create.query, catalog: catalog)
        guard create.columns.count <= plan.columns.count else {
            throw SQLError(.syntaxError, "too many column names were specified")
        }
        var names = plan.columns.map(\.name)
        for (index, column) in create.columns.enumerated() { names[index] = column.value }
        try Self.checkColumnNames(names)
        // The lake has no time or interval type: refuse rather than store them as numbers or structs.
        if let column = plan.columns.first(where: { $0.type == .time || $0.type == .interval }) {
            throw SQLError(
                .featureNotSupported,
                "column \"\(column.name)\" has type \(column.type), which a dataset cannot store yet; cast it to text")
        }
        let columns = zip(names, plan.columns).map { PlanColumn($0, $1.type) }
        let source = RowSource(cursor: create.withData ? try engine.open(plan) : nil)
        do {
            // The first rows decide the scale of unconstrained numeric columns; the rest stream to the lake.
            let first = try await source.rows(atLeast: Self.scaleSampleRows)
            let written = try await writeDerivedDataset(
                name: identifier.value, columns: columns, lineageSQL: Statement.createTableAs(create).description,
                first: first, more: { () async throws(SQLError) in try await source.rows(atLeast: 1) })
            return StatementResult(tag: "SELECT \(written.rows)")
        } catch {
            await source.close()
            throw error
        }
    }

    /// Creates the derived dataset `name` with `columns` (an unconstrained numeric column takes its scale from
    /// `first`), stores its lineage `lineageSQL`, and writes `first` then what `more` returns until it is empty,
    /// as ONE committed lake batch. On any failure the batch's files, the dataset and its lineage are deleted.
    func writeDerivedDataset(
        name: String, columns: [PlanColumn], lineageSQL: String, first: [[Datum]],
        more: () async throws(SQLError) -> [[Datum]]
    ) async throws(SQLError) -> (datasetId: String, rows: Int) {
        let types = columns.map(\.type)
        var pending = first
        var fields: [Field] = []
        for (index, type) in types.enumerated() {
            var scale = 0
            if case .numeric(nil, _) = type {
                for row in pending { if case let .numeric(value) = row[index] { scale = max(scale, value.scale) } }
            }
            fields.append(Field(columns[index].name, DerivedSchema.dataType(type, numericScale: scale)))
        }
        let (lake, sandbox) = (self.lake, self.sandbox)
        let document = DerivedSchema.document(title: name, fields: fields)
        let dataset = try await BlockingIO.run("cannot create dataset \"\(name)\"") { () throws -> Dataset in
            do {
                return try lake.createDataset(sandbox: sandbox, name: name, schemaDocument: document)
            } catch {
                throw LakeErrors.sqlError(error)
            }
        }
        var total = 0
        do {
            try await store.saveLineage(
                DatasetLineage(
                    datasetId: dataset.id, sandbox: sandbox, datasetName: name, sql: lineageSQL,
                    created: Int64(Date().timeIntervalSince1970 * 1000), queryId: origin?.queryId,
                    createdBy: origin?.createdBy))
            let append = try await beginAppend(dataset.id)
            do {
                while !pending.isEmpty {
                    let batch = try Self.batch(pending, types: types, schema: dataset.schema, generateIds: true)
                    try await write(batch, to: append)
                    total += pending.count
                    pending = try await more()
                }
                try await commit(append)
            } catch {
                append.abort()
                throw error
            }
        } catch {
            // Nothing stays visible: the dataset and its lineage go again.
            try? await store.deleteLineage(datasetId: dataset.id)
            _ = try? await BlockingIO.run("cleanup") { try lake.deleteDataset(sandbox: sandbox, id: dataset.id) }
            throw Self.sqlError(error)
        }
        writtenDatasetIds.append(dataset.id)
        return (dataset.id, total)
    }

    func insertRows(_ insert: Insert) async throws(SQLError) -> StatementResult {
        let identifier = try relationName(insert.table)
        let catalog = try await catalog()
        guard let relation = Self.find(identifier, in: catalog) else {
            throw SQLError(
                .undefinedTable, "relation \"\(identifier.original)\" does not exist",
                position: insert.table.position.offsetIfKnown)
        }
        guard case let .table(name) = relation, let table = catalog.tables[name] else {
            throw SQLError(SQLState("55000"), "cannot insert into view \"\(identifier.original)\"")
        }
        let target = table.schema.fields.map { PlanColumn($0.name, SQLType($0.type)) }
        let plan = try engine.bindInsert(insert, table: name, target: target, catalog: catalog)
        let source = RowSource(cursor: try engine.open(plan))
        let required = table.schema.fields.indices.filter { !table.schema.fields[$0].nullable }
        var append: DatasetAppend?
        var total = 0
        do {
            var rows = try await source.rows(atLeast: 1)
            if !rows.isEmpty {
                let (lake, sandbox, datasetId) = (self.lake, self.sandbox, table.datasetId)
                let dataset = try await BlockingIO.run("cannot read dataset \"\(name)\"") { () throws -> Dataset in
                    do {
                        return try lake.dataset(sandbox: sandbox, idOrName: datasetId)
                    } catch {
                        throw LakeErrors.sqlError(error)
                    }
                }
                let started = try await beginAppend(dataset.id)
                append = started
                while !rows.isEmpty {
                    for index in required where rows.contains(where: { $0[index].isNull }) {
                        throw SQLError(
                            SQLState("23502"),
                            "null value in column \"\(table.schema.fields[index].name)\" of relation \"\(name)\" "
                                + "violates not-null constraint")
                    }
                    let batch = try Self.batch(
                        rows, types: target.map(\.type), schema: dataset.schema,
                        generateIds: catalog.derived[name] != nil)
                    try await write(batch, to: started)
                    total += rows.count
                    rows = try await source.rows(atLeast: 1)
                }
                try await commit(started)
            }
        } catch {
            append?.abort()
            await source.close()
            throw Self.sqlError(error)
        }
        writtenDatasetIds.append(table.datasetId)
        return StatementResult(tag: "INSERT 0 \(total)")
    }

    func dropTables(_ drop: Drop) async throws(SQLError) -> StatementResult {
        let catalog = try await catalog()
        var doomed: [LakeTable] = []
        for name in drop.names {
            let identifier = try relationName(name)
            switch Self.find(identifier, in: catalog) {
            case nil:
                if drop.ifExists { continue }
                throw SQLError(.undefinedTable, "table \"\(identifier.original)\" does not exist")
            case let .view(stored)?:
                throw SQLError(
                    SQLState("42809"), "\"\(stored)\" is not a table", hint: "Use DROP VIEW to remove a view.")
            case let .table(stored)?:
                guard catalog.derived[stored] != nil, let table = catalog.tables[stored] else {
                    throw SQLError(
                        SQLState("42501"),
                        "permission denied: \"\(stored)\" is not a derived dataset; DROP TABLE deletes only datasets made by CREATE TABLE AS"
                    )
                }
                doomed.append(table)
            }
        }
        let (lake, sandbox) = (self.lake, self.sandbox)
        for table in doomed {
            let datasetId = table.datasetId
            if let exportGuard {
                let dataset = try await BlockingIO.run("cannot read dataset") { () throws -> Dataset in
                    do { return try lake.dataset(sandbox: sandbox, idOrName: datasetId) } catch {
                        throw LakeErrors.sqlError(error)
                    }
                }
                do {
                    try await exportGuard.checkDeletable(dataset, sandbox: sandbox, named: table.name)
                } catch {
                    throw LakeErrors.sqlError(error)
                }
            }
            try await BlockingIO.run("cannot drop \"\(table.name)\"") { () throws in
                do { try lake.deleteDataset(sandbox: sandbox, id: datasetId) } catch {
                    throw LakeErrors.sqlError(error)
                }
            }
            do {
                try await store.deleteLineage(datasetId: datasetId)
            } catch {
                throw Self.sqlError(error)
            }
        }
        return StatementResult(tag: "DROP TABLE")
    }

    /// Appends one batch to a dataset (one committed lake batch), on the blocking pool.
    /// Rows an unconstrained numeric column's scale is taken from before a CREATE TABLE AS streams the rest.
    static let scaleSampleRows = 65_536

    func beginAppend(_ datasetId: String) async throws(SQLError) -> DatasetAppend {
        let (lake, sandbox) = (self.lake, self.sandbox)
        return try await BlockingIO.run("cannot write the batch") { () throws -> DatasetAppend in
            do {
                return try lake.beginAppend(sandbox: sandbox, datasetId: datasetId)
            } catch {
                throw LakeErrors.sqlError(error)
            }
        }
    }

    func write(_ batch: ColumnBatch, to append: DatasetAppend) async throws(SQLError) {
        _ = try await BlockingIO.run("cannot write the batch") { () throws -> Int in
            do {
                try append.write(batch)
                return 0
            } catch {
                throw LakeErrors.sqlError(error)
            }
        }
    }

    func commit(_ append: DatasetAppend) async throws(SQLError) {
        _ = try await BlockingIO.run("cannot commit the batch") { () throws -> Int in
            do {
                _ = try append.commit(skipIfEmpty: true)
                return 0
            } catch {
                throw LakeErrors.sqlError(error)
            }
        }
    }

    /// Result columns (names unique, storable as lake field names, not `_id`), or `42701`/`42602`.
    static func checkColumnNames(_ names: [String]) throws(SQLError) {
        var seen = Set<String>()
        for name in names {
            guard name != "_id" else {
                throw SQLError(SQLState("42701"), "column name \"_id\" conflicts with a system column name")
            }
            guard seen.insert(name).inserted else {
                throw SQLError(SQLState("42701"), "column \"\(name)\" specified more than once")
            }
            guard DerivedSchema.isValidFieldName(name) else {
                throw SQLError(
                    SQLState("42602"),
                    "column name \"\(name)\" cannot be a dataset field (letters, digits and _, not starting with a digit)",
                    hint: "Give the column an alias.")
            }
        }
    }

    /// Rows as a batch of the dataset's schema: `_id` generated when asked (derived datasets), the other
    /// fields from the row values in order.
    static func batch(_ rows: [[Datum]], types: [SQLType], schema: Schema, generateIds: Bool) throws(SQLError)
        -> ColumnBatch
    {
        let prefix = String(UInt64.random(in: 0...UInt64.max), radix: 16) + "-"
        var columns: [Column] = []
        var valueIndex = 0
        do {
            for field in schema.fields {
                let builder = ColumnBuilder(type: field.type)
                if generateIds, field.name == "_id" {
                    for row in rows.indices { try builder.append(.string(prefix + String(row)), path: field.name) }
                    columns.append(builder.finish())
                    continue
                }
                guard valueIndex < types.count else {
                    throw SQLError(SQLState("XX000"), "dataset field \"\(field.name)\" has no value")
                }
                let type = types[valueIndex]
                for row in rows {
                    let datum = row[valueIndex]
                    var value = datum.columnar(as: type)
                    if case let .numeric(number) = datum, case let .decimal(_, scale) = field.type {
                        if case .numeric(nil, _) = type, number.scale > scale {
                            throw SQLError(
                                .featureNotSupported,
                                "column \"\(field.name)\" has a value with \(number.scale) decimal places after its "
                                    + "first \(scaleSampleRows) rows had at most \(scale)",
                                hint: "Cast the column to numeric(precision, scale).")
                        }
                        value = .decimal(try number.rescaled(to: scale).unscaled)
                    }
                    try builder.append(value, path: field.name)
                }
                columns.append(builder.finish())
                valueIndex += 1
            }
            return try ColumnBatch(schema: schema, columns: columns)
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(SQLState("22000"), "cannot store the rows: \(error)")
        }
    }
}
