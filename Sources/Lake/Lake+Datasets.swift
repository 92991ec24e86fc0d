import Columnar
import Foundation

extension Lake {
    /// Validates the schema document, stores it as a new schema and creates a dataset bound to it.
    public func createDataset(
        sandbox: String, name: String, schemaDocument: [UInt8], description: String? = nil
    ) throws(LakeError) -> Dataset {
        try requireSandbox(sandbox)
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 256 else {
            throw LakeError(.invalidInput, "dataset name must be 1...256 characters")
        }
        let document = try SchemaDocument.parse(schemaDocument)
        let now = LakeID.nowMillis()
        let schemaRow = SchemaRow(
            id: LakeID.make(), sandbox: sandbox, title: document.title, schemaClass: document.schemaClass,
            document: document.normalizedJSON, version: 1, labels: document.allLabels, created: now)
        let datasetRow = DatasetRow(
            id: LakeID.make(), sandbox: sandbox, name: trimmed, description: description, schemaId: schemaRow.id,
            labels: document.allLabels, created: now, updated: now, rowCount: 0, sizeBytes: 0, batchCount: 0)
        try catalog.insertDataset(datasetRow, schema: schemaRow)
        return Self.dataset(datasetRow, schema: document.schema)
    }

    /// Datasets of a sandbox, newest first.
    public func datasets(sandbox: String, start: Int = 0, limit: Int = 50) throws(LakeError) -> Page<Dataset> {
        try requireSandbox(sandbox)
        let (start, limit) = Self.paging(start, limit)
        let (rows, total, schemas) = try catalog.datasets(sandbox: sandbox, start: start, limit: limit)
        var parsed: [String: Schema] = [:]
        for schema in schemas { parsed[schema.id] = try Self.parseStored(schema).schema }
        let items = rows.map { Self.dataset($0, schema: parsed[$0.schemaId] ?? Schema([])) }
        return Page(items: items, total: total, start: start, limit: limit)
    }

    /// The dataset with this id, or else this name, in the sandbox (`.notFound` otherwise).
    public func dataset(sandbox: String, idOrName: String) throws(LakeError) -> Dataset {
        let (row, schema) = try datasetRow(sandbox: sandbox, idOrName: idOrName)
        return Self.dataset(row, schema: schema.schema)
    }

    /// Deletes a dataset's catalog rows and lake files; `.conflict` while one of its batches is loading.
    public func deleteDataset(sandbox: String, id: String) throws(LakeError) {
        let (row, _) = try datasetRow(sandbox: sandbox, idOrName: id)
        let staging = try catalog.deleteDataset(row)
        try FileSystem.remove(layout.datasetDirectory(sandbox: row.sandbox, datasetId: row.id))
        for batchId in staging { try FileSystem.remove(layout.stagingDirectory(batchId: batchId)) }
    }

    /// Schemas of a sandbox, newest first.
    public func schemas(sandbox: String, start: Int = 0, limit: Int = 50) throws(LakeError) -> Page<SchemaRecord> {
        try requireSandbox(sandbox)
        let (start, limit) = Self.paging(start, limit)
        let (rows, total) = try catalog.schemas(sandbox: sandbox, start: start, limit: limit)
        var items: [SchemaRecord] = []
        for row in rows { items.append(try Self.schemaRecord(row)) }
        return Page(items: items, total: total, start: start, limit: limit)
    }

    /// One schema (`.notFound` if absent from the sandbox).
    public func schema(sandbox: String, id: String) throws(LakeError) -> SchemaRecord {
        let row = try catalog.schema(id: id)
        guard let row, row.sandbox == sandbox else { throw LakeError.notFound("schema", id) }
        return try Self.schemaRecord(row)
    }

    // MARK: Helpers

    func datasetRow(sandbox: String, idOrName: String) throws(LakeError) -> (DatasetRow, SchemaDocument) {
        let found = try catalog.dataset(sandbox: sandbox, idOrName: idOrName)
        guard let found else { throw LakeError.notFound("dataset", idOrName) }
        return (found.0, try Self.parseStored(found.1))
    }

    static func parseStored(_ row: SchemaRow) throws(LakeError) -> SchemaDocument {
        do {
            return try SchemaDocument.cachedParse(row.document)
        } catch {
            throw LakeError(.catalog, "stored schema \(row.id) is invalid: \(error.message)")
        }
    }

    static func schemaRecord(_ row: SchemaRow) throws(LakeError) -> SchemaRecord {
        SchemaRecord(
            id: row.id, sandbox: row.sandbox, title: row.title, schemaClass: row.schemaClass, document: row.document,
            version: row.version, created: row.created, labels: row.labels, schema: try parseStored(row).schema)
    }

    static func dataset(_ row: DatasetRow, schema: Schema) -> Dataset {
        Dataset(
            id: row.id, sandbox: row.sandbox, name: row.name, description: row.description, schemaId: row.schemaId,
            labels: row.labels, created: row.created, updated: row.updated, rowCount: row.rowCount,
            sizeBytes: row.sizeBytes, batchCount: row.batchCount, schema: schema)
    }

    static func paging(_ start: Int, _ limit: Int) -> (Int, Int) {
        (max(0, start), min(max(1, limit), 1000))
    }
}
