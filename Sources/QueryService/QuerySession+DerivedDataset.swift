public import SQL

extension QuerySession {
    /// Creates the derived dataset `name` from rows computed outside SQL (the journey's stitched dataset, a report's
    /// full table) through CREATE TABLE AS's write path: the schema from `columns`' SQL types, `lineage` stored
    /// with it, and every row `rows` returns (until it returns an empty array) in ONE committed lake batch, so
    /// readers see all rows or none. A taken name is `42P07`; column names follow CREATE TABLE AS's rules
    /// (`42701`, `42602`). On any failure (also one thrown by `rows`) nothing stays. Returns the dataset's id and
    /// the number of rows written.
    public func createDataset(
        named name: String, columns: [PlanColumn], lineage: String, rows: () async throws -> [[Datum]]
    ) async throws(SQLError) -> (datasetId: String, rows: Int) {
        let catalog = try await catalog()
        if catalog.tableNames.contains(name) || catalog.viewNames.contains(name) {
            throw SQLError(.duplicateTable, "relation \"\(name)\" already exists")
        }
        try Self.checkColumnNames(columns.map(\.name))
        func next() async throws(SQLError) -> [[Datum]] {
            do {
                return try await rows()
            } catch {
                throw Self.sqlError(error)
            }
        }
        let first = try await next()
        return try await writeDerivedDataset(
            name: name, columns: columns, lineageSQL: lineage, first: first, more: next)
    }
}
