import Columnar
public import Lake
import Logging

/// Loads the demo into a lake: creates the three datasets in a sandbox and writes generated events
/// (then profiles and products) as committed lake batches. Generation of the next lake batch overlaps
/// with encoding and writing of the current one.
public struct DemoLoader: Sendable {
    /// The lake written to.
    public let lake: Lake
    /// The sandbox of the demo datasets.
    public let sandbox: String
    /// Event chunks (ColumnBatches) per lake batch.
    public var chunksPerLakeBatch: Int
    /// Rows per generated ColumnBatch.
    public var chunkSize: Int

    /// A loader writing to `lake`; 1M events make 5 lake batches with the defaults.
    public init(lake: Lake, sandbox: String = "prod", chunkSize: Int = 100_000, chunksPerLakeBatch: Int = 2) {
        self.lake = lake
        self.sandbox = sandbox
        self.chunkSize = max(1, chunkSize)
        self.chunksPerLakeBatch = max(1, chunksPerLakeBatch)
    }

    /// The demo datasets that already exist, by name (empty when none does).
    public func existingDatasets() throws(LakeError) -> [Dataset] {
        var found: [Dataset] = []
        for (name, _, _) in DemoSchemas.all {
            do {
                found.append(try lake.dataset(sandbox: sandbox, idOrName: name))
            } catch  where error.code == .notFound {
                continue
            }
        }
        return found
    }

    /// A summary of the demo datasets as they are now.
    public func currentSummary(elapsedSeconds: Double = 0, events: Int = 0) throws(LakeError) -> DemoSummary {
        let datasets = try existingDatasets()
        return DemoSummary(
            datasets: datasets.map {
                DemoSummary.DatasetLine(name: $0.name, id: $0.id, rows: $0.rowCount, batches: $0.batchCount)
            },
            eventsGenerated: events,
            elapsedSeconds: elapsedSeconds
        )
    }

    /// Creates the datasets (deleting existing demo datasets first) and writes `events` events from `seed`.
    /// `progress` receives the number of events committed so far.
    public func load(events: Int, seed: UInt64, progress: (@Sendable (Int) -> Void)? = nil) async throws -> DemoSummary
    {
        let start = ContinuousClock.now
        _ = try lake.createSandbox(name: sandbox)
        for existing in try existingDatasets() {
            try lake.deleteDataset(sandbox: sandbox, id: existing.id)
        }
        var datasets: [String: Dataset] = [:]
        for (name, document, _) in DemoSchemas.all {
            datasets[name] = try lake.createDataset(
                sandbox: sandbox, name: name, schemaDocument: Array(document.utf8),
                description: "Outflow demo data (seed \(seed))"
            )
        }
        guard let webEvents = datasets[DemoSchemas.webEventsName],
            let profiles = datasets[DemoSchemas.customerProfilesName],
            let products = datasets[DemoSchemas.productCatalogName]
        else { throw LakeError(.catalog, "demo datasets were not created") }

        let generator = DemoGenerator(seed: seed, events: events, chunkSize: chunkSize)
        let groups = stride(from: 0, to: generator.chunkCount, by: chunksPerLakeBatch).map {
            $0..<min($0 + chunksPerLakeBatch, generator.chunkCount)
        }
        var personIds: [String] = []
        var written = 0
        var pending = groups.first.map { Self.generate(generator, $0) } ?? .success([])
        for (i, _) in groups.enumerated() {
            let nextRange = i + 1 < groups.count ? groups[i + 1] : nil
            // The next group is generated in a child task while this one is encoded and written.
            async let upcoming = nextRange.map { Self.generate(generator, $0) } ?? .success([])
            let chunks = try pending.get()
            try write(chunks.map(\.batch), to: webEvents)
            for chunk in chunks {
                personIds += chunk.personIds
                written += chunk.batch.rowCount
            }
            progress?(written)
            pending = await upcoming
        }
        try write([try generator.profileBatch(personIds: personIds)], to: profiles)
        try write([try generator.productBatch()], to: products)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return try currentSummary(elapsedSeconds: seconds, events: events)
    }

    private static func generate(_ generator: DemoGenerator, _ range: Range<Int>) -> Result<
        [DemoEventChunk], ColumnarError
    > {
        Result { () throws(ColumnarError) in try range.map { (i) throws(ColumnarError) in try generator.eventChunk(i) }
        }
    }

    /// Appends `batches` as one lake batch, re-labelled with the dataset's own schema object.
    private func write(_ batches: [ColumnBatch], to dataset: Dataset) throws {
        let relabelled = try batches.map { batch throws(ColumnarError) in
            try ColumnBatch(schema: dataset.schema, columns: batch.columns)
        }
        _ = try lake.appendBatch(sandbox: sandbox, datasetId: dataset.id, batches: relabelled)
    }
}
