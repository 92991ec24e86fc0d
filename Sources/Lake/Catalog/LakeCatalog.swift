/// The lake's catalog store: sandboxes, schemas, datasets, batches, their files and record errors.
///
/// `Lake` owns this protocol and all the rules around it (validation, ids, the commit protocol with the file
/// system); an implementation only keeps rows, and makes each method one transaction. The `Storage` target
/// implements it on SQLite (GRDB); a PostgreSQL catalog for scale-out plugs in here. Calls are synchronous:
/// `Lake`'s own API is, and its callers in async code run it on the blocking pool.
///
/// Errors are `LakeError`s: `.catalog` for storage failures, and the codes named per method.
package protocol LakeCatalog: Sendable {
    // MARK: Sandboxes

    /// Every sandbox, by name.
    func sandboxes() throws(LakeError) -> [SandboxRow]
    /// Inserts the sandbox unless one of its name exists; returns the stored one.
    func createSandbox(_ row: SandboxRow) throws(LakeError) -> SandboxRow
    func sandboxExists(_ name: String) throws(LakeError) -> Bool

    // MARK: Schemas and datasets

    /// Inserts a schema and the dataset bound to it; `.alreadyExists` when the sandbox has a dataset of that name.
    func insertDataset(_ dataset: DatasetRow, schema: SchemaRow) throws(LakeError)
    /// A page of a sandbox's datasets, newest first, with the total count and the schemas of the page's rows.
    func datasets(sandbox: String, start: Int, limit: Int) throws(LakeError) -> (
        rows: [DatasetRow], total: Int, schemas: [SchemaRow]
    )
    /// The dataset whose id (in that sandbox), or else whose name, is `idOrName`, with its schema.
    func dataset(sandbox: String, idOrName: String) throws(LakeError) -> (DatasetRow, SchemaRow)?
    /// Deletes a dataset (and its schema when no other dataset uses it) with its batches' rows; `.conflict`
    /// while one of its batches is loading. Returns the ids of the deleted batches.
    func deleteDataset(_ dataset: DatasetRow) throws(LakeError) -> [String]
    /// A page of a sandbox's schemas, newest first, with the total count.
    func schemas(sandbox: String, start: Int, limit: Int) throws(LakeError) -> (rows: [SchemaRow], total: Int)
    func schema(id: String) throws(LakeError) -> SchemaRow?
    /// Every dataset id.
    func datasetIds() throws(LakeError) -> Set<String>

    // MARK: Batches

    /// Inserts a batch, unless its dataset already has one with the same `clientBatchKey`; returns the stored one.
    func insertBatch(_ row: BatchRow) throws(LakeError) -> BatchRow
    func batch(id: String) throws(LakeError) -> BatchRow?
    /// One batch with its files (by path) and record errors (by ordinal).
    func batchDetail(id: String) throws(LakeError) -> (BatchRow, [BatchFileRow], [BatchErrorRow])?
    /// A page of a sandbox's batches (of one dataset id, when given), newest first, with the total count.
    func batches(sandbox: String, datasetId: String?, start: Int, limit: Int) throws(LakeError) -> (
        rows: [BatchRow], total: Int
    )
    /// Changes a loading batch in one transaction: `.notFound` if absent, `.batchNotLoading` unless loading.
    /// `change` returns whether it changed the row (nothing is written otherwise).
    func updateLoadingBatch(id: String, _ change: (inout BatchRow) -> Bool) throws(LakeError)
    /// Makes a loading batch visible, in one transaction: status `success`, the dataset's next `sequence`, row
    /// count (the files' sum), `failedRecordCount`, `completed` and `errorSummary`; its files and record errors
    /// stored; the dataset's row count, size, batch count and `updated` advanced. `.notFound` for an unknown
    /// batch or dataset, `.batchNotLoading` unless loading.
    func commitBatch(
        id: String, files: [BatchFileRow], failedRecordCount: Int64, errorSummary: String?, errors: [BatchErrorRow],
        now: Int64
    ) throws(LakeError)
    /// Marks a batch failed (only if still loading) and replaces its record errors.
    func failBatch(
        id: String, failedRecordCount: Int64, summary: String, errors: [BatchErrorRow], now: Int64
    ) throws(LakeError)
    /// Aborts those of the batches that are still loading (re-checked in the transaction).
    func abortLoadingBatches(ids: [String], summary: String, now: Int64) throws(LakeError)
    /// Every batch whose status is `loading`.
    func loadingBatches() throws(LakeError) -> [BatchRow]
    /// Every batch's status, by id.
    func batchStatuses() throws(LakeError) -> [String: String]
    /// Files of a dataset's successful batches with `sequence > afterSequence`, by sequence then path; paths
    /// relative to the data directory.
    func committedFiles(datasetId: String, afterSequence: Int64) throws(LakeError) -> [LakeFile]

    /// Identifiers of the applied schema migrations, oldest first.
    func appliedMigrations() throws(LakeError) -> [String]
}
