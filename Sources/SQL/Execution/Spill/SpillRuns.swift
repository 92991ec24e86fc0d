/// Writes rows to one spill run, a block at a time.
final class SpillRunWriter {
    let context: ExecutionContext
    let run: SpillRunID
    let width: Int
    private var buffer: [[Datum]] = []
    private var bufferBytes = 0

    private init(context: ExecutionContext, run: SpillRunID, width: Int) {
        self.context = context
        self.run = run
        self.width = width
    }

    static func create(_ context: ExecutionContext, width: Int) async throws -> SpillRunWriter {
        SpillRunWriter(context: context, run: try await context.createRun(), width: width)
    }

    func append(_ row: [Datum]) async throws {
        buffer.append(row)
        bufferBytes += RowSize.row(row)
        if bufferBytes >= context.blockBytes { try await flush() }
    }

    func flush() async throws {
        guard !buffer.isEmpty else { return }
        let block = RowCodec.encode(buffer, width: width)
        try await context.append(block, rows: buffer.count, to: run)
        buffer = []
        bufferBytes = 0
    }

    /// Flushes and returns the run for reading.
    func finish() async throws -> SpillRunID {
        try await flush()
        return run
    }
}

/// Reads a spill run's rows back in order, a block at a time; deletes the run at its end.
final class SpillRunReader {
    let context: ExecutionContext
    let run: SpillRunID
    private var position = 0
    private var rows: [[Datum]] = []
    private var index = 0
    private var ended = false

    init(_ context: ExecutionContext, _ run: SpillRunID) {
        self.context = context
        self.run = run
    }

    /// The next block's rows, nil at the end.
    func nextBlock() async throws -> [[Datum]]? {
        if index < rows.count {
            defer { (rows, index) = ([], 0) }
            return Array(rows[index...])
        }
        guard !ended else { return nil }
        try context.checkCancellation()
        guard let block = try await context.read(run, at: position) else {
            ended = true
            try await context.delete(run)
            return nil
        }
        position = block.next
        return try RowCodec.decode(block.bytes)
    }

    func next() async throws -> [Datum]? {
        while index >= rows.count {
            guard let block = try await nextBlock() else { return nil }
            (rows, index) = (block, 0)
        }
        defer { index += 1 }
        return rows[index]
    }
}

/// Rows spread over `fanOut` runs by the hash of their key with a per-level seed, so that equal keys meet in
/// the same run and each level splits differently. Runs are created on first use.
final class SpillPartitions {
    let context: ExecutionContext
    let width: Int
    let seed: Int
    private var writers: [SpillRunWriter?]

    init(_ context: ExecutionContext, width: Int, seed: Int) {
        self.context = context
        self.width = width
        self.seed = seed
        writers = Array(repeating: nil, count: context.fanOut)
    }

    static func partition(of key: [Datum], seed: Int, fanOut: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(seed)
        hasher.combine(RowKey(values: key))
        let hash = UInt(bitPattern: hasher.finalize())
        return Int(hash % UInt(fanOut))
    }

    func partition(of key: [Datum]) -> Int { SpillPartitions.partition(of: key, seed: seed, fanOut: writers.count) }

    func append(_ row: [Datum], key: [Datum]) async throws {
        try await append(row, to: partition(of: key))
    }

    func append(_ row: [Datum], to index: Int) async throws {
        if writers[index] == nil { writers[index] = try await SpillRunWriter.create(context, width: width) }
        try await writers[index]?.append(row)
    }

    /// The runs per partition (nil where nothing was written).
    func finish() async throws -> [SpillRunID?] {
        var runs: [SpillRunID?] = []
        for writer in writers { runs.append(try await writer?.finish()) }
        return runs
    }
}
