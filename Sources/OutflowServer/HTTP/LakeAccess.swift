import Lake
import NIOPosix

/// Runs the lake's synchronous calls (SQLite, file I/O, encoding) on NIO's blocking thread pool so that
/// they never occupy an event loop that serves network I/O.
struct LakeAccess: Sendable {
    let lake: Lake
    let pool: NIOThreadPool

    init(lake: Lake, pool: NIOThreadPool = .singleton) {
        self.lake = lake
        self.pool = pool
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (Lake) throws(LakeError) -> T) async throws -> T {
        let lake = self.lake
        return try await pool.runIfActive { () throws -> T in
            try body(lake)
        }
    }
}
