import Lake
import NIOPosix

/// Runs the lake's synchronous calls (SQLite, file I/O, encoding) on NIO's blocking thread pools so that
/// they never occupy an event loop that serves network I/O. Batch completion (long CPU work) can get a
/// pool of its own, so that catalog calls are not queued behind it.
struct LakeAccess: Sendable {
    let lake: Lake
    let pool: NIOThreadPool
    let ingestPool: NIOThreadPool

    init(lake: Lake, pool: NIOThreadPool = .singleton, ingestPool: NIOThreadPool? = nil) {
        self.lake = lake
        self.pool = pool
        self.ingestPool = ingestPool ?? pool
    }

    /// Runs a short lake call (catalog reads and writes, file copies).
    func run<T: Sendable>(_ body: @escaping @Sendable (Lake) throws(LakeError) -> T) async throws -> T {
        try await Self.run(body, lake: lake, on: pool)
    }

    /// Runs a long lake call (batch completion).
    func runIngest<T: Sendable>(_ body: @escaping @Sendable (Lake) throws(LakeError) -> T) async throws -> T {
        try await Self.run(body, lake: lake, on: ingestPool)
    }

    private static func run<T: Sendable>(
        _ body: @escaping @Sendable (Lake) throws(LakeError) -> T, lake: Lake, on pool: NIOThreadPool
    ) async throws -> T {
        try await pool.runIfActive { () throws -> T in
            try body(lake)
        }
    }
}
