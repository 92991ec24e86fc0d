import GRDB
package import Lake

extension SQLiteCatalog: LakeCatalog {
    package func sandboxes() throws(LakeError) -> [SandboxRow] {
        try read { db in try SandboxRow.order(Column("name")).fetchAll(db) }
    }

    package func createSandbox(_ row: SandboxRow) throws(LakeError) -> SandboxRow {
        try write { db in
            if let existing = try SandboxRow.fetchOne(db, key: row.name) { return existing }
            try row.insert(db)
            return row
        }
    }

    package func sandboxExists(_ name: String) throws(LakeError) -> Bool {
        try read { db in try SandboxRow.exists(db, key: name) }
    }

    package func insertDataset(_ dataset: DatasetRow, schema: SchemaRow) throws(LakeError) {
        try write { db in
            let taken = try DatasetRow.filter(Column("sandbox") == dataset.sandbox && Column("name") == dataset.name)
                .fetchCount(db)
            guard taken == 0 else {
                throw LakeError(
                    .alreadyExists, "dataset '\(dataset.name)' already exists in sandbox '\(dataset.sandbox)'")
            }
            try schema.insert(db)
            try dataset.insert(db)
        }
    }

    package func datasets(sandbox: String, start: Int, limit: Int) throws(LakeError) -> (
        rows: [DatasetRow], total: Int, schemas: [SchemaRow]
    ) {
        try read { db in
            let request = DatasetRow.filter(Column("sandbox") == sandbox)
            let rows = try request.order(Column("created").desc, Column("id")).limit(limit, offset: start).fetchAll(db)
            let schemas = try SchemaRow.fetchAll(db, keys: rows.map(\.schemaId))
            return (rows, try request.fetchCount(db), schemas)
        }
    }

    package func dataset(sandbox: String, idOrName: String) throws(LakeError) -> (DatasetRow, SchemaRow)? {
        try read { db -> (DatasetRow, SchemaRow)? in
            let byId = try DatasetRow.fetchOne(db, key: idOrName)
            let row: DatasetRow?
            if let byId, byId.sandbox == sandbox {
                row = byId
            } else {
                row = try DatasetRow.filter(Column("sandbox") == sandbox && Column("name") == idOrName).fetchOne(db)
            }
            guard let row, let schema = try SchemaRow.fetchOne(db, key: row.schemaId) else { return nil }
            return (row, schema)
        }
    }

    package func deleteDataset(_ dataset: DatasetRow) throws(LakeError) -> [String] {
        try write { db in
            let loading = try BatchRow.filter(
                Column("datasetId") == dataset.id && Column("status") == BatchStatus.loading.rawValue
            ).fetchCount(db)
            guard loading == 0 else {
                throw LakeError(
                    .conflict,
                    "dataset '\(dataset.name)' has \(loading) loading batch(es); complete or abort them first")
            }
            let batchIds = try String.fetchAll(
                db, sql: "SELECT id FROM batches WHERE datasetId = ?", arguments: [dataset.id])
            try DatasetRow.deleteOne(db, key: dataset.id)
            let schemaInUse = try DatasetRow.filter(Column("schemaId") == dataset.schemaId).fetchCount(db) > 0
            if !schemaInUse { try SchemaRow.deleteOne(db, key: dataset.schemaId) }
            return batchIds
        }
    }

    package func schemas(sandbox: String, start: Int, limit: Int) throws(LakeError) -> (
        rows: [SchemaRow], total: Int
    ) {
        try read { db in
            let request = SchemaRow.filter(Column("sandbox") == sandbox)
            let rows = try request.order(Column("created").desc, Column("id")).limit(limit, offset: start).fetchAll(db)
            return (rows, try request.fetchCount(db))
        }
    }

    package func schema(id: String) throws(LakeError) -> SchemaRow? {
        try read { db in try SchemaRow.fetchOne(db, key: id) }
    }

    package func datasetIds() throws(LakeError) -> Set<String> {
        try Set(read { db in try String.fetchAll(db, sql: "SELECT id FROM datasets") })
    }
}
